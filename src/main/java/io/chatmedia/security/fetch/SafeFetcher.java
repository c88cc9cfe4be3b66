package io.chatmedia.security.fetch;

import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * Downloads a media file from a URL a client gave (e.g. getVideoScreenshot's {@code videoUrl} when it is not one of
 * ChatMedia's own media) into a temporary file, safely:
 *
 * <ul>
 *   <li>only {@code http} and {@code https}, only hosts on the operator's allow-list
 *       ({@code chatmedia.fetch.allowed-hosts}) — otherwise <b>403</b> naming the scheme or host; a string that is not
 *       an absolute URL with a host, or carries a user name/password, is <b>400</b> ({@link FetchPolicy});</li>
 *   <li>every address a host resolves to must be public ({@link AddressPolicy}), checked at connect time on the
 *       addresses actually connected to: the HTTP client's resolver ({@link VettingResolver}) resolves the host once
 *       per connection and refuses the whole host if any address is not public, and the socket itself
 *       ({@link GuardedSocket}) refuses a non-public address handed to {@code connect} — <b>403</b>, without
 *       connecting. No proxy is ever used ({@link FetchClient});</li>
 *   <li>redirects (301, 302, 303, 307, 308) are followed here, at most {@code max-redirects}, each {@code Location}
 *       re-checked like the first URL (scheme, allow-list, addresses); more is <b>400</b>;</li>
 *   <li>connect timeout 5 s per address; the whole download, redirects included, has a deadline
 *       ({@code chatmedia.fetch.timeout}); a body over {@code chatmedia.fetch.max-bytes} is refused from its
 *       {@code Content-Length} before reading, or cut when streamed over it — <b>413</b>;</li>
 *   <li>a non-2xx answer is <b>400</b> "could not fetch the video: upstream answered &lt;status&gt;"; a timeout, an
 *       unknown host, a refused/unreachable connection, a TLS failure or a body cut short are <b>400</b> too
 *       ("could not fetch the video: ...", {@link FetchErrors}), not 502: getVideoScreenshot answers a failed grab
 *       with 400 (client contract §4), and the URL came from the client;</li>
 *   <li>the body is streamed into a temporary file in the folder given to the constructor, never held in memory,
 *       bytes as sent (no content decoding); on any failure no temporary file is left ({@link TempFileDownload}).
 *       Files a killed process left there are deleted at start ({@link FetchTempFolder}).</li>
 * </ul>
 *
 * Thread-safe; one instance serves all requests. {@link #close()} releases its connections.
 */
public final class SafeFetcher implements AutoCloseable {

    /** What the messages call the thing fetched: its one caller, getVideoScreenshot, answers with them. */
    private static final String WHAT = "the video";

    static final String TEMP_PREFIX = FetchTempFolder.PREFIX;
    static final String TEMP_SUFFIX = FetchTempFolder.SUFFIX;

    private final Duration timeout;
    private final int maxRedirects;
    private final FetchErrors errors;
    private final FetchPolicy policy;
    private final TempFileDownload download;
    private final Supplier<FetchClient> clients;
    private FetchClient client; // built at the first fetch: most nodes never fetch, and building it costs a start ~1 s

    /**
     * The production fetcher: public addresses only, the system's name resolution.
     *
     * @throws UncheckedIOException when {@code tempDir} cannot be created
     */
    public SafeFetcher(FetchProperties properties, Path tempDir) {
        this(properties, tempDir, AddressPolicy.publicOnly(), HostResolver.SYSTEM);
    }

    /** For tests: another address policy (e.g. one also admitting 127.0.0.1) and name resolution. */
    SafeFetcher(FetchProperties properties, Path tempDir, AddressPolicy addresses, HostResolver resolver) {
        long maxBytes = properties.maxBytes().toBytes();
        this.timeout = properties.timeout();
        this.maxRedirects = properties.maxRedirects();
        this.errors = new FetchErrors(WHAT, timeout, maxBytes);
        this.policy = new FetchPolicy(HostAllowList.of(properties.allowedHosts()), errors);
        FetchTempFolder folder = new FetchTempFolder(tempDir);
        folder.sweep();
        this.download = new TempFileDownload(folder, maxBytes, errors);
        this.clients = () -> new FetchClient(addresses, resolver, timeout);
    }

    private synchronized FetchClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    /**
     * Downloads {@code url} (following allowed redirects) into a temporary file.
     *
     * @return the file, to be closed (which deletes it) by the caller
     * @throws ApiException 400 (not a URL; upstream non-2xx; too many redirects; timeout; unreachable), 403 (scheme,
     *                      host not allowed, non-public address), 413 (over the size limit)
     */
    public FetchedFile fetch(String url) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = policy.check(url);
        String redirectedFrom = null;
        for (int redirects = 0; ; redirects++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw errors.timedOut(current);
            }
            try (Hop hop = client().request(current, remaining)) {
                try {
                    ClassicHttpResponse response = hop.send();
                    int status = response.getCode();
                    if (FetchPolicy.isRedirect(status)) {
                        if (redirects >= maxRedirects) {
                            throw errors.tooManyRedirects(maxRedirects);
                        }
                        redirectedFrom = HostAllowList.normalize(current.getHost());
                        Header location = response.getFirstHeader(HttpHeaders.LOCATION);
                        current = policy.redirectTarget(current, location == null ? null : location.getValue());
                        continue;
                    }
                    if (status < 200 || status > 299) {
                        throw errors.upstreamAnswered(status);
                    }
                    FetchedFile file = download.save(response, current, deadline);
                    hop.completed();
                    return file;
                } catch (IOException e) {
                    boolean expired = hop.expired() || System.nanoTime() - deadline >= 0;
                    throw errors.translate(e, current, redirectedFrom, expired);
                }
            }
        }
    }

    /** Releases the connection pool. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
