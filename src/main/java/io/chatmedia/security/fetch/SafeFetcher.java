package io.chatmedia.security.fetch;

import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Downloads a media file from a URL a client gave (e.g. getVideoScreenshot's {@code videoUrl} when it is not one of
 * ChatMedia's own media) into a temporary file, safely:
 *
 * <ul>
 *   <li>only {@code http} and {@code https}, only hosts on the operator's allow-list
 *       ({@code chatmedia.fetch.allowed-hosts}) — otherwise <b>403</b> naming the scheme or host; a string that is not
 *       an absolute URL with a host, or carries a user name/password, is <b>400</b>;</li>
 *   <li>every address a host resolves to must be public ({@link AddressPolicy}), checked at connect time on the
 *       addresses actually connected to: the HTTP client's {@link DnsResolver} resolves the host once per
 *       connection and refuses the whole host if any address is not public, and the socket itself
 *       ({@link GuardedSocket}) refuses a non-public address handed to {@code connect} — <b>403</b>, without
 *       connecting. No proxy is ever used (it would resolve the host in our stead);</li>
 *   <li>redirects (301, 302, 303, 307, 308) are followed by this class, at most {@code max-redirects}, each
 *       {@code Location} re-checked like the first URL (scheme, allow-list, addresses); more is <b>400</b>;</li>
 *   <li>connect timeout 5 s per address; the whole download, redirects included, has a deadline
 *       ({@code chatmedia.fetch.timeout}); a body over {@code chatmedia.fetch.max-bytes} is refused from its
 *       {@code Content-Length} before reading, or cut when streamed over it — <b>413</b>;</li>
 *   <li>a non-2xx answer is <b>400</b> "could not fetch the video: upstream answered &lt;status&gt;"; a timeout, an
 *       unknown host, a refused/unreachable connection, a TLS failure or a body cut short are <b>400</b> too
 *       ("could not fetch the video: ..."), not 502: getVideoScreenshot answers a failed grab with 400 (client
 *       contract §4), and the URL came from the client;</li>
 *   <li>the body is streamed into a temporary file in the folder given to the constructor, never held in memory,
 *       bytes as sent (no content decoding); on any failure no temporary file is left.</li>
 * </ul>
 *
 * Thread-safe; one instance serves all requests. {@link #close()} releases its connections.
 */
public final class SafeFetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SafeFetcher.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final String TEMP_PREFIX = "fetch-";
    static final String TEMP_SUFFIX = ".part";
    private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final int BUFFER = 64 * 1024;

    private final Path tempDir;
    private final HostAllowList allowList;
    private final long maxBytes;
    private final Duration timeout;
    private final int maxRedirects;
    private final String maxBytesText;
    private final CloseableHttpClient client;
    private final ScheduledThreadPoolExecutor alarms;

    /** The production fetcher: public addresses only, the system's name resolution. */
    public SafeFetcher(FetchProperties properties, Path tempDir) {
        this(properties, tempDir, AddressPolicy.publicOnly(), HostResolver.SYSTEM);
    }

    /** For tests: another address policy (e.g. one also admitting 127.0.0.1) and name resolution. */
    SafeFetcher(FetchProperties properties, Path tempDir, AddressPolicy policy, HostResolver resolver) {
        this.tempDir = tempDir;
        this.allowList = HostAllowList.of(properties.allowedHosts());
        this.maxBytes = properties.maxBytes().toBytes();
        this.maxBytesText = readable(maxBytes);
        this.timeout = properties.timeout();
        this.maxRedirects = properties.maxRedirects();
        try {
            Files.createDirectories(tempDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fetch folder " + tempDir, e);
        }
        deleteStaleTempFiles();
        this.client = buildClient(policy, resolver);
        this.alarms = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "safe-fetch-deadline");
            thread.setDaemon(true);
            return thread;
        });
        this.alarms.setRemoveOnCancelPolicy(true);
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
        URI current = checkUrl(url);
        String redirectedFrom = null;
        for (int redirects = 0; ; redirects++) {
            Hop hop = open(current, deadline, redirectedFrom);
            try {
                int status = hop.response.getCode();
                if (isRedirect(status)) {
                    if (redirects >= maxRedirects) {
                        throw ApiException.badRequest("could not fetch the video: more than " + maxRedirects
                                + " redirects");
                    }
                    redirectedFrom = HostAllowList.normalize(current.getHost());
                    current = redirectTarget(current, hop.response.getFirstHeader(HttpHeaders.LOCATION));
                    continue;
                }
                if (status < 200 || status > 299) {
                    throw ApiException.badRequest("could not fetch the video: upstream answered " + status);
                }
                FetchedFile file = download(hop, current, deadline);
                hop.success = true;
                return file;
            } catch (IOException e) {
                throw translate(e, current, redirectedFrom, hop.expired.get() || System.nanoTime() - deadline >= 0);
            } finally {
                hop.close();
            }
        }
    }

    /** Releases the connection pool. */
    @Override
    public void close() {
        alarms.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }

    // --- one hop --------------------------------------------------------------------------------------------------

    /** One request on its way: the response, and its deadline alarm. */
    private static final class Hop {
        final HttpGet request;
        final AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm;
        ClassicHttpResponse response;
        boolean success;

        Hop(HttpGet request) {
            this.request = request;
        }

        /** Unless the body was read to its end, the connection is cut first, so nothing drains the rest. */
        void close() {
            if (alarm != null) {
                alarm.cancel(false);
            }
            if (!success) {
                request.cancel();
            }
            if (response != null) {
                try {
                    response.close();
                } catch (IOException | RuntimeException ignored) {
                    // the connection is gone either way
                }
            }
        }
    }

    private Hop open(URI uri, long deadline, String redirectedFrom) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(uri);
        }
        Timeout left = Timeout.ofMilliseconds(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        HttpGet get = new HttpGet(uri);
        get.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(left)
                .setResponseTimeout(left)
                .setRedirectsEnabled(false)
                .setAuthenticationEnabled(false)
                .setContentCompressionEnabled(false)
                .build());
        get.setHeader(HttpHeaders.ACCEPT, "*/*");
        Hop hop = new Hop(get);
        hop.alarm = alarms.schedule(() -> {
            hop.expired.set(true);
            get.cancel();
        }, remaining, TimeUnit.NANOSECONDS);
        try {
            hop.response = client.executeOpen(null, get, HttpClientContext.create());
            return hop;
        } catch (IOException e) {
            hop.close();
            throw translate(e, uri, redirectedFrom, hop.expired.get() || System.nanoTime() - deadline >= 0);
        } catch (RuntimeException e) {
            hop.close();
            throw e;
        }
    }

    private FetchedFile download(Hop hop, URI uri, long deadline) throws IOException {
        HttpEntity entity = hop.response.getEntity();
        long declared = entity == null ? 0 : entity.getContentLength();
        if (declared > maxBytes) {
            throw tooLarge();
        }
        Header type = hop.response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
        Files.createDirectories(tempDir);
        Path file = Files.createTempFile(tempDir, TEMP_PREFIX, TEMP_SUFFIX);
        boolean kept = false;
        try {
            long size = 0;
            if (entity != null) {
                InputStream in = entity.getContent(); // not closed on failure: closing drains; Hop.close cuts
                try (OutputStream out = Files.newOutputStream(file)) {
                    byte[] buffer = new byte[BUFFER];
                    for (int n; (n = in.read(buffer)) != -1; ) {
                        size += n;
                        if (size > maxBytes) {
                            throw tooLarge();
                        }
                        if (System.nanoTime() - deadline >= 0) {
                            throw timedOut(uri);
                        }
                        out.write(buffer, 0, n);
                    }
                }
                in.close(); // at its end: releases the connection for reuse
            }
            kept = true;
            return new FetchedFile(file, size, type == null ? null : type.getValue(), uri);
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }

    private URI redirectTarget(URI from, Header location) {
        if (location == null || location.getValue().isBlank()) {
            throw ApiException.badRequest("could not fetch the video: upstream redirected without a Location");
        }
        URI target;
        try {
            target = from.resolve(new URI(location.getValue().trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw ApiException.badRequest("could not fetch the video: upstream redirected to an invalid URL");
        }
        try {
            return checkUrl(target.toString());
        } catch (ApiException refused) {
            throw new ApiException(refused.status(), refused.getMessage() + " (redirected from "
                    + HostAllowList.normalize(from.getHost()) + ")");
        }
    }

    // --- checks ---------------------------------------------------------------------------------------------------

    /** The scheme, host and allow-list checks of a URL, before anything is resolved or connected. */
    URI checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw ApiException.badRequest("the video URL is empty");
        }
        String trimmed = url.trim();
        Matcher scheme = SCHEME.matcher(trimmed);
        if (!scheme.find()) {
            throw ApiException.badRequest("the video URL is not an absolute http(s) URL");
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        if (!name.equals("http") && !name.equals("https")) {
            throw ApiException.forbidden("only http and https URLs may be fetched, not " + name + ":");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("the video URL is not a valid URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ApiException.badRequest("the video URL has no valid host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.badRequest("video URLs with a user name or password are not accepted");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw ApiException.badRequest("the video URL has an invalid port");
        }
        String host = HostAllowList.normalize(uri.getHost());
        if (!allowList.permits(uri.getHost())) {
            throw ApiException.forbidden(allowList.isEmpty()
                    ? "refusing to fetch from " + host + ": fetching from other hosts is disabled"
                            + " (chatmedia.fetch.allowed-hosts is empty)"
                    : "refusing to fetch from " + host + ": the host is not on the allow-list"
                            + " (chatmedia.fetch.allowed-hosts)");
        }
        // the scheme in lower case, without the fragment (never sent)
        return URI.create(name + stripFragment(trimmed.substring(scheme.end() - 1)));
    }

    private static String stripFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private ApiException translate(IOException e, URI uri, String redirectedFrom, boolean expired) {
        ApiException translated = translate(e, uri, expired);
        return redirectedFrom == null ? translated : new ApiException(translated.status(),
                translated.getMessage() + " (redirected from " + redirectedFrom + ")", e);
    }

    private ApiException translate(IOException e, URI uri, boolean expired) {
        String host = HostAllowList.normalize(uri.getHost());
        AddressRefusedException refused = find(e, AddressRefusedException.class);
        if (refused != null) {
            log.info("Refused to fetch {}: {}", uri, refused.getMessage());
            return new ApiException(HttpStatus.FORBIDDEN, "refusing to fetch from " + host + ": it resolves to "
                    + refused.address().getHostAddress() + ", which is not a public address (" + refused.kind()
                    + ")", e);
        }
        log.info("Could not fetch {}: {}", uri, e.toString());
        if (expired || find(e, SocketTimeoutException.class) != null || find(e, ConnectTimeoutException.class) != null) {
            return timedOut(uri);
        }
        if (find(e, UnknownHostException.class) != null) {
            return new ApiException(HttpStatus.BAD_REQUEST, "could not fetch the video: unknown host " + host, e);
        }
        if (find(e, HttpHostConnectException.class) != null || find(e, ConnectException.class) != null
                || find(e, NoRouteToHostException.class) != null) {
            return new ApiException(HttpStatus.BAD_REQUEST, "could not fetch the video: cannot connect to " + host,
                    e);
        }
        if (find(e, javax.net.ssl.SSLException.class) != null) {
            return new ApiException(HttpStatus.BAD_REQUEST, "could not fetch the video: TLS failed with " + host, e);
        }
        return new ApiException(HttpStatus.BAD_REQUEST, "could not fetch the video from " + host + ": "
                + e.getClass().getSimpleName(), e);
    }

    private ApiException timedOut(URI uri) {
        return ApiException.badRequest("could not fetch the video: " + HostAllowList.normalize(uri.getHost())
                + " did not deliver it within " + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s"
                        : timeout.toMillis() + " ms"));
    }

    private ApiException tooLarge() {
        return ApiException.tooLarge("the video is larger than the limit of " + maxBytesText);
    }

    private static String readable(long bytes) {
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

    // --- plumbing -------------------------------------------------------------------------------------------------

    private CloseableHttpClient buildClient(AddressPolicy policy, HostResolver resolver) {
        DnsResolver vetting = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] addresses = resolver.resolve(host);
                if (addresses == null || addresses.length == 0) {
                    throw new UnknownHostException(host);
                }
                for (InetAddress address : addresses) {
                    String kind = policy.refusal(address).orElse(null);
                    if (kind != null) {
                        throw new AddressRefusedException(host, address, kind);
                    }
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        DetachedSocketFactory guarded = new DetachedSocketFactory() {
            @Override
            public Socket create(Proxy proxy) throws IOException {
                if (proxy != null && proxy.type() != Proxy.Type.DIRECT) {
                    throw new IOException("fetching through a proxy is not supported");
                }
                return new GuardedSocket(policy);
            }
        };
        DefaultHttpClientConnectionOperator operator = new DefaultHttpClientConnectionOperator(guarded,
                DefaultSchemePortResolver.INSTANCE, vetting,
                RegistryBuilder.<TlsSocketStrategy>create()
                        .register(URIScheme.HTTPS.id, DefaultClientTlsStrategy.createSystemDefault())
                        .build());
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(operator,
                PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.ofMinutes(1), null);
        connections.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                .setSocketTimeout(Timeout.of(timeout))
                .setTimeToLive(TimeValue.ofMinutes(1))
                .build());
        connections.setMaxTotal(64);
        connections.setDefaultMaxPerRoute(16);
        return HttpClients.custom()
                .setConnectionManager(connections)
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("ChatMedia-fetch")
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    /** Leftovers of a process killed mid-download. */
    private void deleteStaleTempFiles() {
        Instant cutoff = Instant.now().minus(STALE_TEMP_AGE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tempDir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path file : files) {
                FileTime modified = Files.getLastModifiedTime(file);
                if (modified.toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            log.warn("Could not clean the fetch folder {}", tempDir, e);
        }
    }
}
