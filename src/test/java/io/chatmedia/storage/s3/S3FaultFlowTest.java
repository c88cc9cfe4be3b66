package io.chatmedia.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.ChatMediaApplication;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.RawHttp;
import io.chatmedia.testsupport.TestS3;
import io.chatmedia.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole server, over real HTTP on a real port, against an S3 API server that dies, comes back, refuses the
 * credentials or lacks the bucket. The main context points at an S3Proxy of this class's own (so killing it
 * touches no other test); the wrong-credentials and missing-bucket cases start applications of their own with
 * {@link SpringApplicationBuilder}, as an operator would start a misconfigured server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class S3FaultFlowTest {

    /** Temporary folders this class made (data dirs), removed at the end. */
    private static final List<Path> TEMP_DIRS = new CopyOnWriteArrayList<>();

    private static final TestS3 S3 = TestS3.start();
    private static final String BUCKET = S3.newBucket();
    private static final Path DATA_DIR = tempDir("chatmedia-s3-fault-");
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CHUNK = 256 * 1024;

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaleUploadSweeper sweeper;

    @Autowired
    PendingUploads pending;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String token = Tokens.user("s3-fault-user");
    private boolean s3Down;

    @DynamicPropertySource
    static void objectStore(DynamicPropertyRegistry registry) {
        registry.add("chatmedia.data-dir", DATA_DIR::toString);
        registry.add("chatmedia.auth.jwt-secret", () -> Tokens.SECRET);
        registry.add("chatmedia.limits.user-max-bytes", () -> "1GB");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("chatmedia.storage.s3.endpoint", () -> S3.endpoint().toString());
        registry.add("chatmedia.storage.s3.region", () -> TestS3.REGION);
        registry.add("chatmedia.storage.s3.bucket", () -> BUCKET);
        registry.add("chatmedia.storage.s3.access-key", () -> TestS3.ACCESS_KEY);
        registry.add("chatmedia.storage.s3.secret-key", () -> TestS3.SECRET_KEY);
        registry.add("chatmedia.storage.s3.path-style-access", () -> "true");
        // Only the explicit sweep() calls below run during the class (the scheduled one runs once, at start).
        registry.add("chatmedia.storage.s3.sweep-interval", () -> "1h");
    }

    @AfterEach
    void bringTheStoreBack() {
        if (s3Down) {
            S3.restart();
            s3Down = false;
        }
    }

    @AfterAll
    static void stopTheStore() {
        S3.close();
        for (Path dir : TEMP_DIRS) {
            FileSystemUtils.deleteRecursively(dir.toFile());
        }
    }

    // ---- a. the store is down before the upload -------------------------------------------------------------

    @Test
    void storeDownBeforeTheUploadAnswers503AndReadinessDownThenRecoversWithoutARestart() throws Exception {
        long rows = rows();
        killStore();

        long start = System.nanoTime();
        HttpResponse<byte[]> nativeUpload =
                postMultipart("/v1/media", Multipart.create().file("file", "a.png", "image/png", Fixtures.png(20, 20)));
        Duration nativeTook = Duration.ofNanos(System.nanoTime() - start);
        assertThat(assertFails(nativeUpload, 503)).isEqualTo("storage unavailable, try again later");
        assertThat(nativeTook).isLessThanOrEqualTo(ANSWER_BOUND);

        start = System.nanoTime();
        HttpResponse<byte[]> legacyUpload = postMultipart(
                "/api/chat/uploadAliyun", Multipart.create().file("img", "b.png", "image/png", Fixtures.png(20, 20)));
        Duration legacyTook = Duration.ofNanos(System.nanoTime() - start);
        assertThat(assertFails(legacyUpload, 503)).isEqualTo("上传失败: storage unavailable, try again later");
        assertThat(legacyTook).isLessThanOrEqualTo(ANSWER_BOUND);
        assertThat(rows()).as("media rows").isEqualTo(rows);

        JsonNode down = awaitReadiness(port, 503, "DOWN");
        JsonNode storage = down.get("components").get("storage");
        assertThat(storage.get("status").asString()).isEqualTo("DOWN");
        assertThat(storage.get("details").get("store").asString()).isEqualTo("s3");
        assertThat(storage.get("details").get("cause").asString()).startsWith("object store unreachable");

        S3.restart();
        s3Down = false;

        JsonNode media = assertOk(
                postMultipart("/v1/media", Multipart.create().file("file", "c.png", "image/png", Fixtures.png(20, 20))),
                201);
        assertThat(objectSize(media.get("path").asString()))
                .isEqualTo(media.get("size").asLong());
        JsonNode item = assertOk(
                        postMultipart(
                                "/api/chat/uploadAliyun",
                                Multipart.create().file("img", "d.png", "image/png", Fixtures.png(20, 20))),
                        200)
                .get(0);
        assertThat(objectSize(item.get("path").asString())).isPositive();
        assertThat(rows()).isEqualTo(rows + 2);

        JsonNode up = awaitReadiness(port, 200, "UP");
        assertThat(up.get("components")
                        .get("storage")
                        .get("details")
                        .get("primary")
                        .asString())
                .isEqualTo("s3");
        System.out.printf(
                "S3FaultFlowTest: store down: POST /v1/media 503 in %d ms, uploadAliyun 503 in %d ms%n",
                nativeTook.toMillis(), legacyTook.toMillis());
    }

    // ---- b. the store dies in the middle of a large upload --------------------------------------------------

    @Test
    void storeKilledMidUploadAnswers503LeavesNothingAndTheSweeperAbortsTheMultipartUpload() throws Exception {
        long rows = rows();
        List<String> objects = objectKeys();
        long size = 300L * 1024 * 1024;
        long[] killedAt = {0};
        Outcome outcome = streamUpload(size, sent -> {
            if (sent >= size / 2 && !s3Down) {
                killStore();
                killedAt[0] = System.nanoTime();
            }
            return false;
        });
        Duration afterKill = Duration.ofNanos(outcome.answeredAtNanos() - killedAt[0]);
        System.out.println("S3FaultFlowTest: store killed mid-upload: answered " + afterKill.toMillis()
                + " ms after the kill; " + outcome);
        assertThat(killedAt[0]).as("the store was killed during the upload").isPositive();
        assertThat(afterKill).isLessThanOrEqualTo(ANSWER_BOUND);

        // What is observed, every run: about 1-3 s after the kill (the SDK's retries), while the client is still
        // sending, ChatMedia answers 503 in the envelope with Connection: close and a Content-Length, reads no more
        // of the body and closes the connection. The client either sees the answer before its next write or has
        // that write fail on the closed connection (both happen); the whole answer is readable either way.
        assertThat(outcome.fileBytesSent())
                .as("bytes of the file sent before the answer")
                .isLessThan(size);
        assertThat(outcome.status()).as("answer: %s", outcome.answer()).isEqualTo(503);
        assertThat(outcome.header("connection")).isEqualToIgnoringCase("close");
        assertThat(outcome.closedAfterAnswer())
                .as("the server closed the connection after the answer")
                .isTrue();
        JsonNode body = JSON.readTree(outcome.body());
        assertThat(body.get("msg").asString()).isEqualTo("fail");
        assertThat(body.get("data").asString()).isEqualTo("storage unavailable, try again later");
        assertThat(rows()).as("media rows").isEqualTo(rows);

        // The abort failed while the store was down: the upload is remembered, and still open in the store.
        assertThat(pending.snapshot()).hasSize(1);
        S3.restart();
        s3Down = false;
        assertThat(objectKeys()).as("objects in the bucket").isEqualTo(objects);
        assertThat(multipartUploads()).as("unfinished uploads before the sweep").hasSize(1);

        assertThat(sweeper.sweep()).isEqualTo(1);
        assertThat(multipartUploads()).as("unfinished uploads after the sweep").isEmpty();
        assertThat(pending.snapshot()).isEmpty();
        assertThat(objectKeys()).as("objects in the bucket").isEqualTo(objects);
        assertThat(rows()).as("media rows").isEqualTo(rows);
    }

    // ---- c. the client goes away in the middle of an upload --------------------------------------------------

    @Test
    void clientResetMidUploadLeavesNoMultipartUploadNoObjectNoRow() throws Exception {
        long rows = rows();
        List<String> objects = objectKeys();
        long size = 60L * 1024 * 1024;
        Outcome outcome = streamUpload(size, sent -> {
            if (sent < size / 2) {
                return false;
            }
            // Only once the store holds an open multipart upload, so its abort is what is checked.
            awaitUntil(Duration.ofSeconds(10), () -> !multipartUploads().isEmpty(), "a multipart upload in the store");
            return true; // abort with RST
        });
        System.out.println("S3FaultFlowTest: client reset mid-upload: " + outcome);
        assertThat(outcome.aborted()).isTrue();

        awaitUntil(
                Duration.ofSeconds(15),
                () -> multipartUploads().isEmpty() && objectKeys().equals(objects) && rows() == rows,
                "no multipart upload, no object and no new row");
        assertThat(pending.snapshot()).as("uploads whose abort failed").isEmpty();
    }

    // ---- d. wrong credentials ---------------------------------------------------------------------------------

    @Test
    void wrongCredentialsMakeReadinessDownNamingTheCredentialsAndUploadsAnswer503() throws Exception {
        try (ConfigurableApplicationContext app =
                startApplication(BUCKET, "--chatmedia.storage.s3.secret-key=not-the-secret")) {
            int appPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpResponse<byte[]> readiness = send(HttpRequest.newBuilder(uri(appPort, "/actuator/health/readiness"))
                    .GET()
                    .build());
            assertThat(readiness.statusCode()).isEqualTo(503);
            JsonNode storage = JSON.readTree(readiness.body()).get("components").get("storage");
            assertThat(storage.get("status").asString()).isEqualTo("DOWN");
            assertThat(storage.get("details").get("cause").asString())
                    .contains("refused the credentials")
                    .contains("access-key and secret-key");

            assertThat(assertFails(
                            send(multipartRequest(
                                    appPort,
                                    "/v1/media",
                                    Multipart.create().file("file", "e.png", "image/png", Fixtures.png(8, 8)))),
                            503))
                    .isEqualTo("storage unavailable, try again later");
            assertThat(assertFails(
                            send(multipartRequest(
                                    appPort,
                                    "/api/chat/uploadAliyun",
                                    Multipart.create().file("img", "f.png", "image/png", Fixtures.png(8, 8)))),
                            503))
                    .isEqualTo("上传失败: storage unavailable, try again later");
            assertThat(app.getBean(JdbcClient.class)
                            .sql("SELECT COUNT(*) FROM media")
                            .query(Long.class)
                            .single())
                    .isZero();
        }
    }

    // ---- e. missing bucket --------------------------------------------------------------------------------------

    @Test
    void aMissingBucketStopsTheStartNamingItUnlessCreateBucketIsSet() throws InterruptedException {
        String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);
        assertThatThrownBy(() -> startApplication(missing).close())
                .hasStackTraceContaining("the bucket '" + missing + "' does not exist at " + S3.endpoint())
                .hasStackTraceContaining("chatmedia.storage.s3.create-bucket=true");
        assertThat(S3.client().listBuckets().buckets())
                .noneMatch(bucket -> bucket.name().equals(missing));

        try (ConfigurableApplicationContext app =
                startApplication(missing, "--chatmedia.storage.s3.create-bucket=true")) {
            assertThat(app.isRunning()).isTrue();
            S3.client().headBucket(request -> request.bucket(missing)); // throws when it does not exist
            int appPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            awaitReadiness(appPort, 200, "UP"); // DOWN until the natives are loaded and warmed up
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /**
     * Starts the application as an operator would, pointed at this class's store. Everything goes as command-line
     * arguments: {@code SpringApplicationBuilder.properties(...)} are default properties, which application.yml
     * overrides (its {@code server.port: 7001} and {@code data-dir: ./data} would win).
     */
    private static ConfigurableApplicationContext startApplication(String bucket, String... overrides) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--chatmedia.data-dir=" + tempDir("chatmedia-s3-app-"),
                "--chatmedia.auth.jwt-secret=" + Tokens.SECRET,
                "--chatmedia.storage.s3.endpoint=" + S3.endpoint(),
                "--chatmedia.storage.s3.region=" + TestS3.REGION,
                "--chatmedia.storage.s3.bucket=" + bucket,
                "--chatmedia.storage.s3.access-key=" + TestS3.ACCESS_KEY,
                "--chatmedia.storage.s3.secret-key=" + TestS3.SECRET_KEY,
                "--chatmedia.storage.s3.path-style-access=true"));
        args.addAll(List.of(overrides)); // later arguments win
        return new SpringApplicationBuilder(ChatMediaApplication.class).run(args.toArray(String[]::new));
    }

    private void killStore() {
        s3Down = true;
        S3.kill();
    }

    /** What a raw upload ended with: the answer (possibly empty), how much of the file went, how it ended. */
    record Outcome(
            String answer,
            long fileBytesSent,
            boolean writeFailed,
            boolean aborted,
            boolean closedAfterAnswer,
            long millis,
            long answeredAtNanos) {

        int status() {
            if (!answer.startsWith("HTTP/1.1 ")) {
                return -1;
            }
            return Integer.parseInt(answer.substring(9, 12));
        }

        String header(String name) {
            for (String line : head().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        String head() {
            int end = answer.indexOf("\r\n\r\n");
            return end < 0 ? answer : answer.substring(0, end);
        }

        String body() {
            int end = answer.indexOf("\r\n\r\n");
            return end < 0 ? "" : answer.substring(end + 4);
        }

        @Override
        public String toString() {
            if (aborted) {
                return String.format(
                        Locale.ROOT,
                        "client aborted (RST) after %d ms, %d MiB of the file sent",
                        millis,
                        fileBytesSent >> 20);
            }
            return String.format(
                    Locale.ROOT,
                    "status %d, %d ms after the request started, %d MiB of the file sent,"
                            + " last write %s, %s; head: %s",
                    status(),
                    millis,
                    fileBytesSent >> 20,
                    writeFailed ? "failed (connection closed)" : "ok",
                    closedAfterAnswer ? "server closed after the answer" : "connection left open",
                    head().replace("\r\n", " | "));
        }
    }

    /** Called after each chunk with the bytes of the file sent so far; true aborts the connection with an RST. */
    @FunctionalInterface
    interface Progress {
        boolean afterChunk(long sent) throws Exception;
    }

    /**
     * Streams a multipart body of {@code size} generated bytes to POST /v1/media over a bare socket, chunk by chunk,
     * until the file is sent, the server answers (stops at once, as a real client would) or closes the connection;
     * then reads whatever the server answered. A watchdog resets the connection after two minutes, so a server that
     * neither reads nor answers fails the test instead of hanging it.
     */
    private Outcome streamUpload(long size, Progress progress) throws Exception {
        String boundary = "cm-fault-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = Fixtures.noise(CHUNK, 7);
        long start = System.nanoTime();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        try (RawHttp raw = new RawHttp(port)) {
            watchdog.schedule(
                    () -> {
                        raw.abort();
                        return null;
                    },
                    2,
                    TimeUnit.MINUTES);
            raw.writeHead("POST /v1/media HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                    + "Content-Length: " + (head.length + size + tail.length) + "\r\n\r\n");
            boolean open = raw.write(head);
            long sent = 0;
            while (open && sent < size) {
                int n = (int) Math.min(CHUNK, size - sent);
                open = raw.write(n == CHUNK ? chunk : Arrays.copyOf(chunk, n));
                if (!open) {
                    break;
                }
                sent += n;
                if (progress.afterChunk(sent)) {
                    raw.abort();
                    long end = System.nanoTime();
                    return new Outcome("", sent, false, true, false, (end - start) / 1_000_000, end);
                }
                if (raw.answered()) {
                    break;
                }
            }
            if (open && sent == size) {
                open = raw.write(tail);
            }
            String answer = raw.readAnswer();
            long answeredAt = System.nanoTime();
            boolean closed;
            try {
                closed = raw.readAnswer().isEmpty(); // end of stream or reset: nothing more comes
            } catch (SocketTimeoutException e) {
                closed = false;
            }
            return new Outcome(answer, sent, !open, false, closed, (answeredAt - start) / 1_000_000, answeredAt);
        } finally {
            watchdog.shutdownNow();
        }
    }

    private HttpResponse<byte[]> postMultipart(String path, Multipart body) {
        return send(multipartRequest(port, path, body));
    }

    private HttpRequest multipartRequest(int toPort, String path, Multipart body) {
        return HttpRequest.newBuilder(uri(toPort, path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", body.contentType())
                .header("token", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                .build();
    }

    private JsonNode awaitReadiness(int appPort, int status, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<byte[]> last;
        do {
            last = send(HttpRequest.newBuilder(uri(appPort, "/actuator/health/readiness"))
                    .GET()
                    .build());
            JsonNode body = JSON.readTree(last.body());
            if (last.statusCode() == status
                    && expected.equals(body.get("status").asString())) {
                return body;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("readiness not " + status + " " + expected + " within 30 s: " + last.statusCode() + " "
                + new String(last.body(), StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(int toPort, String path) {
        return URI.create("http://127.0.0.1:" + toPort + path);
    }

    private static String assertFails(HttpResponse<byte[]> response, int status) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as("status of %s", text).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("msg").asString()).isEqualTo("fail");
        assertThat(body.get("data").isString()).as("data of %s", text).isTrue();
        return body.get("data").asString();
    }

    private static JsonNode assertOk(HttpResponse<byte[]> response, int status) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as("status of %s", text).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("msg").asString()).isEqualTo("ok");
        return body.get("data");
    }

    private long rows() {
        return jdbc.sql("SELECT COUNT(*) FROM media").query(Long.class).single();
    }

    private static long objectSize(String key) {
        return S3.client()
                .headObject(request -> request.bucket(BUCKET).key(key))
                .contentLength();
    }

    /** Every object in the bucket, by key. */
    private static List<String> objectKeys() {
        return S3.client().listObjectsV2Paginator(request -> request.bucket(BUCKET)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    private static List<MultipartUpload> multipartUploads() {
        return S3.client()
                .listMultipartUploads(request -> request.bucket(BUCKET))
                .uploads();
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Duration timeout, Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            TEMP_DIRS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
