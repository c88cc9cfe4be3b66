package io.chatmedia.security.fetch;

import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * The fetcher's failures as {@link ApiException}s: a non-public address is 403, a body over the limit 413, and
 * everything else (an upstream non-2xx, too many or broken redirects, the deadline, an unknown host, a refused
 * connection, TLS) 400 "could not fetch &lt;what&gt;: ...", since the URL came from the client. {@code what} names the
 * thing fetched, as its caller's answers do (e.g. "the video").
 */
final class FetchErrors {

    private static final Logger log = LoggerFactory.getLogger(FetchErrors.class);

    private final String what;
    private final Duration timeout;
    private final String maxBytesText;

    FetchErrors(String what, Duration timeout, long maxBytes) {
        this.what = what;
        this.timeout = timeout;
        this.maxBytesText = readable(maxBytes);
    }

    /** 400 "could not fetch &lt;what&gt;: {@code detail}". */
    ApiException failed(String detail) {
        return ApiException.badRequest("could not fetch " + what + ": " + detail);
    }

    ApiException upstreamAnswered(int status) {
        return failed("upstream answered " + status);
    }

    ApiException tooManyRedirects(int maxRedirects) {
        return failed("more than " + maxRedirects + " redirects");
    }

    ApiException timedOut(URI uri) {
        return failed(HostAllowList.normalize(uri.getHost()) + " did not deliver it within "
                + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms"));
    }

    ApiException tooLarge() {
        return ApiException.tooLarge(what + " is larger than the limit of " + maxBytesText);
    }

    /** {@code refused} with the host that redirected to the refused URL added. */
    static ApiException redirectedFrom(ApiException refused, String host) {
        return new ApiException(refused.status(), refused.getMessage() + " (redirected from " + host + ")");
    }

    /**
     * An I/O failure while fetching {@code uri}, reached by a redirect from {@code redirectedFrom} (or {@code null});
     * {@code expired} when the deadline had passed, whatever the exception says.
     */
    ApiException translate(IOException e, URI uri, String redirectedFrom, boolean expired) {
        ApiException translated = translate(e, uri, expired);
        return redirectedFrom == null
                ? translated
                : new ApiException(
                        translated.status(), translated.getMessage() + " (redirected from " + redirectedFrom + ")", e);
    }

    private ApiException translate(IOException e, URI uri, boolean expired) {
        String host = HostAllowList.normalize(uri.getHost());
        AddressRefusedException refused = find(e, AddressRefusedException.class);
        if (refused != null) {
            log.info("Refused to fetch {}: {}", uri, refused.getMessage());
            return new ApiException(
                    HttpStatus.FORBIDDEN,
                    "refusing to fetch from " + host + ": it resolves to "
                            + refused.address().getHostAddress() + ", which is not a public address (" + refused.kind()
                            + ")",
                    e);
        }
        log.info("Could not fetch {}: {}", uri, e.toString());
        if (expired
                || find(e, SocketTimeoutException.class) != null
                || find(e, ConnectTimeoutException.class) != null) {
            return timedOut(uri);
        }
        if (find(e, UnknownHostException.class) != null) {
            return failed("unknown host " + host, e);
        }
        if (find(e, HttpHostConnectException.class) != null
                || find(e, ConnectException.class) != null
                || find(e, NoRouteToHostException.class) != null) {
            return failed("cannot connect to " + host, e);
        }
        if (find(e, SSLException.class) != null) {
            return failed("TLS failed with " + host, e);
        }
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "could not fetch " + what + " from " + host + ": "
                        + e.getClass().getSimpleName(),
                e);
    }

    private ApiException failed(String detail, IOException cause) {
        return new ApiException(HttpStatus.BAD_REQUEST, "could not fetch " + what + ": " + detail, cause);
    }

    /** 1GB, 200MB, 64KB when a whole number of the unit, else bytes. */
    static String readable(long bytes) {
        String[] units = {"GB", "MB", "KB"};
        long[] sizes = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= sizes[i] && bytes % sizes[i] == 0) {
                return bytes / sizes[i] + units[i];
            }
        }
        return bytes + " bytes";
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
