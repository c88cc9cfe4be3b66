package io.chatmedia.security.fetch;

import java.io.IOException;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The fetcher's HTTP client: direct connections only (no proxy, which would resolve the host in our stead), each host
 * resolved by the {@link VettingResolver} and connected through a {@link GuardedSocket}, so a non-public address
 * fails the request with an {@link AddressRefusedException} before anything is sent; 5 s to connect to an address;
 * no redirects, retries, cookies, authentication or content decoding. Thread-safe; {@link #close()} releases the
 * connections.
 */
final class FetchClient implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final CloseableHttpClient client;
    private final ScheduledThreadPoolExecutor alarms;

    /** {@code timeout} bounds each socket read; the whole download is bounded by each {@link Hop}'s deadline. */
    FetchClient(AddressPolicy policy, HostResolver resolver, Duration timeout) {
        this.client = build(policy, resolver, timeout);
        this.alarms = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "safe-fetch-deadline");
            thread.setDaemon(true);
            return thread;
        });
        this.alarms.setRemoveOnCancelPolicy(true);
    }

    /** A GET of {@code uri}, not sent yet, cut when {@code remainingNanos} (positive) have passed. */
    Hop request(URI uri, long remainingNanos) {
        Timeout left = Timeout.ofMilliseconds(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)));
        HttpGet get = new HttpGet(uri);
        get.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(left)
                .setResponseTimeout(left)
                .setRedirectsEnabled(false)
                .setAuthenticationEnabled(false)
                .setContentCompressionEnabled(false)
                .build());
        get.setHeader(HttpHeaders.ACCEPT, "*/*");
        return new Hop(client, get, alarms, remainingNanos);
    }

    @Override
    public void close() {
        alarms.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }

    private static CloseableHttpClient build(AddressPolicy policy, HostResolver resolver, Duration timeout) {
        DetachedSocketFactory guarded = new DetachedSocketFactory() {
            @Override
            public Socket create(Proxy proxy) throws IOException {
                if (proxy != null && proxy.type() != Proxy.Type.DIRECT) {
                    throw new IOException("fetching through a proxy is not supported");
                }
                return new GuardedSocket(policy);
            }
        };
        DefaultHttpClientConnectionOperator operator = new DefaultHttpClientConnectionOperator(
                guarded,
                DefaultSchemePortResolver.INSTANCE,
                new VettingResolver(policy, resolver),
                RegistryBuilder.<TlsSocketStrategy>create()
                        .register(URIScheme.HTTPS.id, DefaultClientTlsStrategy.createSystemDefault())
                        .build());
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                operator, PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.ofMinutes(1), null);
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
}
