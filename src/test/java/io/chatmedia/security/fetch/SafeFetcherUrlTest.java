package io.chatmedia.security.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.system.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

/**
 * The production fetcher (public addresses only, the system's name resolution). The internal hosts are on the
 * allow-list here, so what refuses them is the address check, not the list.
 */
class SafeFetcherUrlTest {

    @TempDir
    Path tempDir;

    private SafeFetcher fetcher;

    @BeforeEach
    void start() {
        fetcher = new SafeFetcher(
                FetchProperties.allowing(List.of(
                        "127.0.0.1",
                        "::1",
                        "169.254.169.254",
                        "0.0.0.0",
                        "localhost",
                        "10.0.0.1",
                        "media.example.com")),
                tempDir);
    }

    @AfterEach
    void stop() throws Exception {
        fetcher.close();
        try (Stream<Path> left = Files.list(tempDir)) {
            assertThat(left).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "file:///etc/passwd",
                "FILE:///etc/passwd",
                "concat:/etc/passwd",
                "subfile:,,start,0,end,0,,:/etc/passwd",
                "ftp://x",
                "ftp://media.example.com/x.mp4",
                "gopher://",
                "gopher://media.example.com:70/_x",
                "data:video/mp4;base64,AAAA",
                "jar:file:/x.jar!/y",
                "rtmp://x/y",
                "javascript:alert(1)"
            })
    void refusesEverySchemeButHttpAndHttpsWith403(String url) {
        assertRefused(url, HttpStatus.FORBIDDEN).hasMessageContaining("only http and https");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "",
                "   ",
                "not a url",
                "/etc/passwd",
                "//media.example.com/x.mp4",
                "http://",
                "http:///x.mp4",
                "http://exa mple.com/x.mp4",
                "http://media.example.com:99999/x",
                "http://user:secret@media.example.com/x.mp4",
                "http://media.example.com@127.0.0.1/x"
            })
    void answers400ForStringsThatAreNotUsableUrls(String url) {
        assertRefused(url, HttpStatus.BAD_REQUEST);
    }

    @Test
    void refusesLoopbackByAddressEvenWhenAllowListedAndAServerIsListening() throws Exception {
        try (LocalServer server = new LocalServer().on("/", LocalServer.status(200))) {
            assertRefused("http://127.0.0.1:" + server.port() + "/x.mp4", HttpStatus.FORBIDDEN)
                    .hasMessageContaining("127.0.0.1")
                    .hasMessageContaining("not a public address (loopback)");
            assertThat(server.requests).hasValue(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "http://[::1]/x",
                "http://[::1]:7001/x.mp4",
                "http://169.254.169.254/latest/meta-data/",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://0.0.0.0/",
                "http://localhost/",
                "https://localhost/x.mp4",
                "http://LOCALHOST/x",
                "http://10.0.0.1/x.mp4",
                "http://[::ffff:127.0.0.1]/x",
                "http://[::ffff:7f00:1]/x",
                "http://[::ffff:169.254.169.254]/",
                "http://[0:0:0:0:0:0:0:1]/x"
            })
    void refusesInternalAddressesWith403(String url) {
        assertRefused(url, HttpStatus.FORBIDDEN).hasMessageContaining("not a public address");
    }

    @Test
    void refusesAHostNotOnTheAllowListNamingIt() {
        assertRefused("https://videos.elsewhere.net/x.mp4", HttpStatus.FORBIDDEN)
                .hasMessageContaining("videos.elsewhere.net")
                .hasMessageContaining("allow-list");
        assertRefused("http://media.example.com.elsewhere.net/x.mp4", HttpStatus.FORBIDDEN)
                .hasMessageContaining("media.example.com.elsewhere.net");
    }

    @Test
    void anEmptyAllowListRefusesEveryHost() {
        try (SafeFetcher closed = new SafeFetcher(FetchProperties.allowing(List.of()), tempDir)) {
            assertThatThrownBy(() -> closed.fetch("https://media.example.com/x.mp4"))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN))
                    .hasMessageContaining("media.example.com")
                    .hasMessageContaining("disabled");
        }
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String url, HttpStatus status) {
        return assertThatThrownBy(() -> fetcher.fetch(url))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(status));
    }
}
