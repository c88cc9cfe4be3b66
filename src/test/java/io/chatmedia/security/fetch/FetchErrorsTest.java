package io.chatmedia.security.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.system.ApiException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Each failure's status and message, found however deep the HTTP client wrapped it. */
class FetchErrorsTest {

    private static final URI URL = URI.create("https://Media.Example.com./x.mp4");

    private final FetchErrors errors = new FetchErrors("the thing", Duration.ofMillis(1500), 3L << 20);

    @Test
    void aNonPublicAddressIs403NamingItAndItsKind() throws Exception {
        IOException refused = new IOException(
                new AddressRefusedException("media.example.com", InetAddress.getByName("10.0.0.1"), "private"));

        assertThat(errors.translate(refused, URL, null, false)).satisfies(e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(e)
                    .hasMessage("refusing to fetch from media.example.com: it resolves to 10.0.0.1, which is not"
                            + " a public address (private)");
        });
    }

    @Test
    void everyOtherFailureIs400NamingTheHost() {
        assertFailure(
                new UnknownHostException("media.example.com"),
                "could not fetch the thing: unknown host" + " media.example.com");
        assertFailure(
                new IOException(new ConnectException("refused")),
                "could not fetch the thing: cannot connect to" + " media.example.com");
        assertFailure(
                new SSLHandshakeException("bad certificate"),
                "could not fetch the thing: TLS failed with" + " media.example.com");
        assertFailure(
                new SocketTimeoutException(),
                "could not fetch the thing: media.example.com did not deliver it" + " within 1500 ms");
        assertFailure(new EOFException(), "could not fetch the thing from media.example.com: EOFException");
    }

    @Test
    void thePassedDeadlineWinsOverWhatTheExceptionSays() {
        assertThat(errors.translate(new IOException("cancelled"), URL, null, true))
                .hasMessage("could not fetch the thing: media.example.com did not deliver it within 1500 ms");
    }

    @Test
    void aFailureAfterARedirectNamesTheHostThatRedirected() {
        assertThat(errors.translate(new UnknownHostException(), URL, "start.example.com", false))
                .hasMessage(
                        "could not fetch the thing: unknown host media.example.com (redirected from start.example.com)");
    }

    @Test
    void theSizeLimitIs413InTheLargestWholeUnit() {
        ApiException tooLarge = errors.tooLarge();
        assertThat(tooLarge.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(tooLarge).hasMessage("the thing is larger than the limit of 3MB");
        assertThat(FetchErrors.readable(1L << 30)).isEqualTo("1GB");
        assertThat(FetchErrors.readable(1536L << 10)).isEqualTo("1536KB");
        assertThat(FetchErrors.readable(1500)).isEqualTo("1500 bytes");
    }

    private void assertFailure(IOException failure, String message) {
        ApiException e = errors.translate(failure, URL, null, false);
        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(e).hasMessage(message);
    }
}
