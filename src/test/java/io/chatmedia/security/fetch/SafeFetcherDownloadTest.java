package io.chatmedia.security.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * Against a local server, with the test policy (public addresses plus exactly 127.0.0.1) and a fixed name table:
 * {@code media.test} is the local server (127.0.0.1), {@code internal.test} is 127.0.0.2 (still refused),
 * {@code mixed.test} has a public and a private address, {@code nowhere.test} does not exist.
 */
class SafeFetcherDownloadTest {

    private static final List<String> ALLOWED =
            List.of("media.test", "internal.test", "mixed.test", "nowhere.test", "169.254.169.254", "10.0.0.1");

    @TempDir
    Path tempDir;

    private LocalServer server;
    private SafeFetcher fetcher;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = new LocalServer();
        base = "http://media.test:" + server.port();
        fetcher = fetcher(new FetchProperties(ALLOWED, DataSize.ofMegabytes(1), Duration.ofSeconds(10), 5));
    }

    @AfterEach
    void stop() {
        fetcher.close();
        server.close();
    }

    private SafeFetcher fetcher(FetchProperties properties) {
        try {
            AddressPolicy testPolicy = AddressPolicy.publicOnly().alsoAdmitting(InetAddress.getByName("127.0.0.1"));
            return new SafeFetcher(properties, tempDir, testPolicy, SafeFetcherDownloadTest::resolve);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        switch (host.toLowerCase()) {
            case "media.test":
                return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            case "internal.test":
                return new InetAddress[] {InetAddress.getByName("127.0.0.2")};
            case "mixed.test":
                return new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1")};
            case "nowhere.test":
                throw new UnknownHostException(host);
            default:
                if (!Character.isDigit(host.charAt(0)) && host.indexOf(':') < 0) {
                    throw new AssertionError("no DNS in tests: " + host);
                }
                return InetAddress.getAllByName(host); // literals only
        }
    }

    @Test
    void streamsTheBodyIntoATempFileWithTheRightBytesAndDeletesItOnClose() throws Exception {
        byte[] body = randomBytes(700_000);
        server.on("/x.mp4", LocalServer.bytes(body, "video/mp4", false));

        FetchedFile file = fetcher.fetch(base + "/x.mp4#t=3");
        try (file) {
            assertThat(file.path().getParent()).isEqualTo(tempDir);
            assertThat(file.path()).hasBinaryContent(body);
            assertThat(file.size()).isEqualTo(body.length);
            assertThat(file.contentType()).isEqualTo("video/mp4");
            assertThat(file.uri()).hasToString(base + "/x.mp4");
        }
        assertThat(file.path()).doesNotExist();
        assertNoTempFileLeft();
    }

    @Test
    void streamsAChunkedBodyOfUndeclaredLength() throws Exception {
        byte[] body = randomBytes(900_000);
        server.on("/chunked.webm", LocalServer.bytes(body, "video/webm; codecs=vp9", true));

        try (FetchedFile file = fetcher.fetch(base + "/chunked.webm")) {
            assertThat(file.path()).hasBinaryContent(body);
            assertThat(file.contentType()).isEqualTo("video/webm; codecs=vp9");
        }
        assertNoTempFileLeft();
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() throws Exception {
        byte[] body = randomBytes((int) DataSize.ofMegabytes(1).toBytes());
        server.on("/exact.mp4", LocalServer.bytes(body, "video/mp4", true));

        try (FetchedFile file = fetcher.fetch(base + "/exact.mp4")) {
            assertThat(file.size()).isEqualTo(body.length);
        }
    }

    @Test
    void followsRelativeAndAbsoluteRedirectsUpToTheLimit() throws Exception {
        byte[] body = randomBytes(1000);
        server.on("/r5", LocalServer.redirect(301, "/r4"))
                .on("/r4", LocalServer.redirect(302, base + "/r3"))
                .on("/r3", LocalServer.redirect(303, "r2?x=1"))
                .on("/r2", LocalServer.redirect(307, "//media.test:" + server.port() + "/r1"))
                .on("/r1", LocalServer.redirect(308, "/final.mp4"))
                .on("/final.mp4", LocalServer.bytes(body, "video/mp4", false));

        try (FetchedFile file = fetcher.fetch(base + "/r5")) {
            assertThat(file.path()).hasBinaryContent(body);
            assertThat(file.uri()).hasToString(base + "/final.mp4");
        }
    }

    @Test
    void refusesMoreRedirectsThanTheLimit() throws Exception {
        server.on("/r6", LocalServer.redirect(302, "/r5"))
                .on("/r5", LocalServer.redirect(302, "/r4"))
                .on("/r4", LocalServer.redirect(302, "/r3"))
                .on("/r3", LocalServer.redirect(302, "/r2"))
                .on("/r2", LocalServer.redirect(302, "/r1"))
                .on("/r1", LocalServer.redirect(302, "/final.mp4"))
                .on("/final.mp4", LocalServer.bytes(new byte[10], "video/mp4", false));

        assertFetch(base + "/r6", HttpStatus.BAD_REQUEST)
                .hasMessage("could not fetch the video: more than 5 redirects");
        assertThat(server.requests).hasValue(6);
        assertNoTempFileLeft();
    }

    @Test
    void refusesAnAllowedHostRedirectingToTheCloudMetadataAddressWithoutConnecting() {
        server.on("/x.mp4", LocalServer.redirect(302, "http://169.254.169.254/latest/meta-data/"));

        long started = System.nanoTime();
        assertFetch(base + "/x.mp4", HttpStatus.FORBIDDEN)
                .hasMessageContaining("169.254.169.254")
                .hasMessageContaining("link-local")
                .hasMessageContaining("redirected from media.test");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void refusesAnAllowedHostRedirectingToAPrivateAddress() {
        server.on("/x.mp4", LocalServer.redirect(301, "http://10.0.0.1/x.mp4"));

        assertFetch(base + "/x.mp4", HttpStatus.FORBIDDEN)
                .hasMessageContaining("10.0.0.1,")
                .hasMessageContaining("(private)");
    }

    @Test
    void refusesARedirectToAHostResolvingToARefusedAddressWithoutConnectingToIt() throws Exception {
        try (ServerSocket internal = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.2"))) {
            internal.setSoTimeout(300);
            server.on("/x.mp4", LocalServer.redirect(302, "http://internal.test:" + internal.getLocalPort() + "/"));

            assertFetch(base + "/x.mp4", HttpStatus.FORBIDDEN)
                    .hasMessageContaining("internal.test")
                    .hasMessageContaining("127.0.0.2")
                    .hasMessageContaining("loopback");
            assertThatThrownBy(internal::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void refusesARedirectToAnotherSchemeOrToAHostOffTheList() {
        server.on("/file", LocalServer.redirect(302, "file:///etc/passwd"))
                .on("/elsewhere", LocalServer.redirect(302, "https://elsewhere.example/x.mp4"));

        assertFetch(base + "/file", HttpStatus.FORBIDDEN).hasMessageContaining("only http and https");
        assertFetch(base + "/elsewhere", HttpStatus.FORBIDDEN)
                .hasMessageContaining("elsewhere.example")
                .hasMessageContaining("allow-list");
    }

    @Test
    void refusesAHostWithAnyNonPublicAddressAmongItsAddresses() {
        assertFetch("http://mixed.test/x.mp4", HttpStatus.FORBIDDEN).hasMessageContaining("10.0.0.1");
    }

    @Test
    void refusesADeclaredLengthOverTheLimitBeforeReadingTheBody() throws Exception {
        server.on("/big.mp4", exchange -> {
            exchange.sendResponseHeaders(200, DataSize.ofMegabytes(5).toBytes());
            exchange.getResponseBody().write(new byte[1000]);
            exchange.getResponseBody().flush();
            LocalServer.sleep(20_000); // the rest never comes: reading it would run into the 10 s deadline
        });

        long started = System.nanoTime();
        assertFetch(base + "/big.mp4", HttpStatus.CONTENT_TOO_LARGE)
                .hasMessage("the video is larger than the limit of 1MB");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertNoTempFileLeft();
    }

    @Test
    void cutsAChunkedBodyOverTheLimitAndLeavesNoTempFile() throws Exception {
        server.on("/endless.mp4", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 100_000; i++) { // ~6 GB unless cut
                out.write(chunk);
            }
        });

        long started = System.nanoTime();
        assertFetch(base + "/endless.mp4", HttpStatus.CONTENT_TOO_LARGE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertNoTempFileLeft();
    }

    @Test
    void answers400WithTheUpstreamStatusForANonSuccessAnswer() {
        server.on("/missing.mp4", LocalServer.status(404)).on("/broken.mp4", LocalServer.status(500));

        assertFetch(base + "/missing.mp4", HttpStatus.BAD_REQUEST)
                .hasMessage("could not fetch the video: upstream answered 404");
        assertFetch(base + "/broken.mp4", HttpStatus.BAD_REQUEST)
                .hasMessage("could not fetch the video: upstream answered 500");
        assertNoTempFileLeft();
    }

    @Test
    void boundsAServerThatNeverAnswersByTheDeadline() {
        server.on("/stall.mp4", exchange -> LocalServer.sleep(30_000));
        try (SafeFetcher quick = fetcher(new FetchProperties(ALLOWED, null, Duration.ofSeconds(1), 5))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> quick.fetch(base + "/stall.mp4"))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
                    .hasMessageContaining("within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
        }
    }

    @Test
    void boundsABodyTricklingInByTheWholeDownloadDeadlineAndLeavesNoTempFile() {
        server.on("/trickle.mp4", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 300; i++) { // a byte each 100 ms: never a read timeout, 30 s in all
                out.write(i);
                out.flush();
                LocalServer.sleep(100);
            }
        });
        try (SafeFetcher quick = fetcher(new FetchProperties(ALLOWED, null, Duration.ofMillis(1500), 5))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> quick.fetch(base + "/trickle.mp4"))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
                    .hasMessageContaining("did not deliver it within");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(Duration.ofMillis(1400), Duration.ofSeconds(5));
        }
        assertNoTempFileLeft();
    }

    @Test
    void answers400ForAnUnknownHostOrAPortNobodyListensOn() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }

        assertFetch("http://nowhere.test/x.mp4", HttpStatus.BAD_REQUEST)
                .hasMessage("could not fetch the video: unknown host nowhere.test");
        assertFetch("http://media.test:" + closedPort + "/x.mp4", HttpStatus.BAD_REQUEST)
                .hasMessage("could not fetch the video: cannot connect to media.test");
    }

    @Test
    void cleansUpTempFilesLeftByAKilledProcessAtStart() throws Exception {
        Path stale = Files.createFile(tempDir.resolve(SafeFetcher.TEMP_PREFIX + "old" + SafeFetcher.TEMP_SUFFIX));
        Files.setLastModifiedTime(
                stale,
                FileTime.fromMillis(
                        System.currentTimeMillis() - Duration.ofHours(2).toMillis()));
        Path fresh = Files.createFile(tempDir.resolve(SafeFetcher.TEMP_PREFIX + "new" + SafeFetcher.TEMP_SUFFIX));

        fetcher(new FetchProperties(ALLOWED, null, null, 5)).close();

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        Files.delete(fresh);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertFetch(String url, HttpStatus status) {
        return assertThatThrownBy(() -> fetcher.fetch(url))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(status));
    }

    private void assertNoTempFileLeft() {
        try (Stream<Path> left = Files.list(tempDir)) {
            assertThat(left).isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
