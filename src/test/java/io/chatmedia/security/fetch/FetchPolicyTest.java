package io.chatmedia.security.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.system.ApiException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

/** The URL and redirect checks alone, no network: what is requested, and what a redirect may lead to. */
class FetchPolicyTest {

    private static final URI FROM = URI.create("http://media.example.com/a/r3");

    private final FetchPolicy policy = new FetchPolicy(
            HostAllowList.of(List.of("media.example.com")), new FetchErrors("the thing", Duration.ofSeconds(5), 1024));

    @Test
    void requestsTheUrlWithTheSchemeInLowerCaseAndWithoutItsFragment() {
        assertThat(policy.check("  HTTPS://Media.Example.com/x.mp4?a=1#t=3 "))
                .isEqualTo(URI.create("https://Media.Example.com/x.mp4?a=1"));
    }

    @Test
    void resolvesRelativeProtocolRelativeAndAbsoluteRedirects() {
        assertThat(policy.redirectTarget(FROM, "r2?x=1")).hasToString("http://media.example.com/a/r2?x=1");
        assertThat(policy.redirectTarget(FROM, "/r1")).hasToString("http://media.example.com/r1");
        assertThat(policy.redirectTarget(FROM, " //media.example.com:8080/x "))
                .hasToString("http://media.example.com:8080/x");
        assertThat(policy.redirectTarget(FROM, "https://media.example.com/y#f"))
                .hasToString("https://media.example.com/y");
    }

    @Test
    void aRedirectWithoutOrWithABrokenLocationIs400NamingTheThingFetched() {
        assertRefused(() -> policy.redirectTarget(FROM, null), HttpStatus.BAD_REQUEST)
                .hasMessage("could not fetch the thing: upstream redirected without a Location");
        assertRefused(() -> policy.redirectTarget(FROM, "  "), HttpStatus.BAD_REQUEST)
                .hasMessage("could not fetch the thing: upstream redirected without a Location");
        assertRefused(() -> policy.redirectTarget(FROM, "http://exa mple.com/"), HttpStatus.BAD_REQUEST)
                .hasMessage("could not fetch the thing: upstream redirected to an invalid URL");
    }

    @Test
    void aRefusedRedirectTargetNamesTheHostThatRedirected() {
        assertRefused(() -> policy.redirectTarget(FROM, "https://elsewhere.example/x"), HttpStatus.FORBIDDEN)
                .hasMessageStartingWith("refusing to fetch from elsewhere.example: the host is not on the allow-list")
                .hasMessageEndingWith(" (redirected from media.example.com)");
        assertRefused(() -> policy.redirectTarget(FROM, "file:///etc/passwd"), HttpStatus.FORBIDDEN)
                .hasMessage("only http and https URLs may be fetched, not file: (redirected from media.example.com)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void followsTheseRedirects(int status) {
        assertThat(FetchPolicy.isRedirect(status)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {200, 300, 304, 305, 306, 400})
    void takesNoOtherStatusForARedirect(int status) {
        assertThat(FetchPolicy.isRedirect(status)).isFalse();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Runnable check, HttpStatus status) {
        return assertThatThrownBy(check::run).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status())
                .isEqualTo(status));
    }
}
