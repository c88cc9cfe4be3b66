package io.chatmedia.security.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAllowListTest {

    @Test
    void anEmptyListAllowsNothing() {
        HostAllowList empty = HostAllowList.of(List.of());

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.permits("example.com")).isFalse();
        assertThat(HostAllowList.of(null).permits("example.com")).isFalse();
    }

    @Test
    void exactNamesMatchIgnoringCaseAndATrailingDot() {
        HostAllowList list = HostAllowList.of(List.of("Media.Example.com"));

        assertThat(list.permits("media.example.com")).isTrue();
        assertThat(list.permits("MEDIA.EXAMPLE.COM.")).isTrue();
        assertThat(list.permits("example.com")).isFalse();
        assertThat(list.permits("evil.media.example.com")).isFalse();
        assertThat(list.permits("media.example.com.evil.net")).isFalse();
    }

    @Test
    void aWildcardMatchesSubDomainsAtAnyDepthButNotTheDomainItself() {
        HostAllowList list = HostAllowList.of(List.of("*.cdn.example.com"));

        assertThat(list.permits("a.cdn.example.com")).isTrue();
        assertThat(list.permits("a.b.cdn.example.com")).isTrue();
        assertThat(list.permits("cdn.example.com")).isFalse();
        assertThat(list.permits("evilcdn.example.com")).isFalse();
        assertThat(list.permits("a.cdn.example.com.evil.net")).isFalse();
    }

    @Test
    void ipLiteralsMatchInAnySpelling() {
        HostAllowList list = HostAllowList.of(List.of("203.0.113.5", "[2001:db8::1]"));

        assertThat(list.permits("203.0.113.5")).isTrue();
        assertThat(list.permits("[2001:db8::1]")).isTrue();
        assertThat(list.permits("[2001:0db8:0:0:0:0:0:1]")).isTrue();
        assertThat(list.permits("[2001:db8::2]")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "*",
                "*.",
                "http://example.com",
                "example.com/x",
                "a*.example.com",
                "*.*.example.com",
                "exa mple.com",
                "example.com:8080"
            })
    void rejectsEntriesThatAreNeitherHostsNorWildcards(String entry) {
        assertThatThrownBy(() -> HostAllowList.of(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chatmedia.fetch.allowed-hosts");
    }
}
