package io.chatmedia.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.chatmedia.testsupport.TestS3;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A 300 MB upload into the object store with the whole server at {@code -Xmx160m}: the application runs in a child
 * JVM with that heap (and {@code -XX:+ExitOnOutOfMemoryError}), configured for an S3Proxy of this class's own by
 * command-line arguments, and a real HTTP client streams a multipart body generated on the fly (never held in
 * memory nor written to disk) to POST /v1/media. The answer's SHA-256 and size must match what was sent, the object
 * in the bucket must have that size, and the child must still be alive and healthy afterwards. The child launcher
 * is the one of {@code LowMemoryUploadTest}, copied.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class S3LowMemoryUploadTest {

    private static final long SIZE = 300L * 1000 * 1000;
    private static final String HEAP = "-Xmx160m";
    private static final String MAIN_CLASS = "io.chatmedia.ChatMediaApplication";
    private static final long READY_TIMEOUT_MS = 120_000;

    @TempDir
    static Path work;

    private static TestS3 s3;
    private static String bucket;
    private static Process child;
    private static Path childLog;
    private static String base;
    private static String secret;
    private static double startupSeconds;
    private static String classPathSource;

    @BeforeAll
    static void startChild() throws Exception {
        s3 = TestS3.start();
        bucket = s3.newBucket();
        Path dataDir = Files.createDirectories(work.resolve("data"));
        childLog = work.resolve("child.log");
        secret = HexFormat.of().formatHex(randomBytes(32));
        int port = freePort();
        base = "http://127.0.0.1:" + port;

        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, HEAP, "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")),
                "-cp", childClassPath(), MAIN_CLASS,
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--chatmedia.data-dir=" + dataDir,
                "--chatmedia.auth.jwt-secret=" + secret,
                "--chatmedia.limits.user-max-bytes=1GB",
                "--chatmedia.storage.s3.endpoint=" + s3.endpoint(),
                "--chatmedia.storage.s3.region=" + TestS3.REGION,
                "--chatmedia.storage.s3.bucket=" + bucket,
                "--chatmedia.storage.s3.access-key=" + TestS3.ACCESS_KEY,
                "--chatmedia.storage.s3.secret-key=" + TestS3.SECRET_KEY,
                "--chatmedia.storage.s3.path-style-access=true",
                "--spring.main.banner-mode=off");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(childLog.toFile()).directory(work.toFile());
        // The child must run on exactly the settings above, whatever this shell exports.
        builder.environment().keySet().removeIf(name -> name.startsWith("CHATMEDIA_") || name.startsWith("SPRING_")
                || name.startsWith("AWS_"));

        long start = System.nanoTime();
        child = builder.start();
        awaitReady();
        startupSeconds = (System.nanoTime() - start) / 1e9;
    }

    @AfterAll
    static void stopChild() throws InterruptedException {
        try {
            if (child != null) {
                child.destroy();
                if (!child.waitFor(15, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                    child.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    @Test
    void a300MbMultipartUploadGoesIntoTheBucketWithTheServerAt160MbOfHeap() throws Exception {
        String token = JWT.create().withClaim("id", "s3-low-memory-user").withClaim("role", "user")
                .withIssuedAt(Instant.now()).sign(Algorithm.HMAC256(secret));
        String boundary = "cm-s3-low-memory-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"s3-low-memory.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);

        HttpURLConnection connection = (HttpURLConnection) new URL(base + "/v1/media").openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(180_000);
        connection.setFixedLengthStreamingMode(head.length + SIZE + tail.length);
        connection.setRequestProperty("Content-Type", "multipart/form-data; boundary=" + boundary);
        connection.setRequestProperty("Authorization", "Bearer " + token);

        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long start = System.nanoTime();
        try (OutputStream out = connection.getOutputStream();
                InputStream content = new PseudoRandomInputStream(SIZE, 0x53_3EED_C0FFEEL)) {
            out.write(head);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = content.read(buffer)) != -1) {
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            out.write(tail);
        }
        int status = connection.getResponseCode();
        String answer = readAll(status < 400 ? connection.getInputStream() : connection.getErrorStream());
        double seconds = (System.nanoTime() - start) / 1e9;
        String expectedSha = HexFormat.of().formatHex(sha256.digest());

        System.out.println("S3LowMemoryUploadTest: child class path from " + classPathSource);
        System.out.printf("S3LowMemoryUploadTest: child ready in %.1f s; 300 MB multipart upload into S3 answered %d"
                + " in %.1f s (%.0f MB/s); child %s VmHWM %s, VmRSS %s%n", startupSeconds, status, seconds,
                SIZE / seconds / 1e6, HEAP, procStatus("VmHWM"), procStatus("VmRSS"));

        assertEquals(201, status, () -> "answer: " + answer + "\n" + logTail());
        assertEquals(expectedSha, jsonString(answer, "sha256"), "sha256 answered for the upload");
        assertEquals(SIZE, Long.parseLong(jsonNumber(answer, "size")), "size answered for the upload");

        String key = jsonString(answer, "path");
        assertTrue(key.startsWith(S3Config.NATIVE_PREFIX), "object key under the native prefix: " + key);
        HeadObjectResponse object = s3.client().headObject(request -> request.bucket(bucket).key(key));
        assertEquals(SIZE, object.contentLength(), "size of the object " + key + " in the bucket");
        assertTrue(s3.client().listMultipartUploads(request -> request.bucket(bucket)).uploads().isEmpty(),
                "no unfinished multipart upload left");

        assertTrue(child.isAlive(), () -> "the child JVM died\n" + logTail());
        assertEquals(200, get(base + "/actuator/health"), () -> "health after the upload\n" + logTail());
        assertEquals(200, get(base + "/actuator/health/readiness"), () -> "readiness after the upload\n" + logTail());
        String log = Files.readString(childLog, StandardCharsets.UTF_8);
        assertFalse(log.contains("OutOfMemoryError"), () -> "the child ran out of memory\n" + logTail());

        s3.client().deleteObject(request -> request.bucket(bucket).key(key)); // 300 MB less in the temp folder
    }

    // ---- the child JVM (as in LowMemoryUploadTest) ------------------------------------------------------------

    /**
     * The test class path, for the child: surefire's {@code surefire.test.class.path} when set, else
     * {@code java.class.path}, with a manifest-only booter jar expanded into its {@code Class-Path}. This module's
     * test classes are left out, so test resources cannot change the application's configuration.
     */
    private static String childClassPath() throws IOException, URISyntaxException {
        String raw = System.getProperty("surefire.test.class.path");
        classPathSource = "surefire.test.class.path";
        if (raw == null || raw.isBlank()) {
            raw = System.getProperty("java.class.path");
            classPathSource = "java.class.path";
        }
        List<Path> entries = new ArrayList<>();
        for (String entry : raw.split(Pattern.quote(File.pathSeparator))) {
            if (!entry.isBlank()) {
                entries.addAll(expandManifestOnlyJar(Paths.get(entry)));
            }
        }
        Optional<Path> testClasses = ownLocation();
        List<String> kept = new ArrayList<>();
        boolean hasMain = false;
        for (Path entry : entries) {
            if (testClasses.isPresent() && sameFile(entry, testClasses.get())) {
                continue;
            }
            hasMain |= Files.isRegularFile(entry.resolve(MAIN_CLASS.replace('.', '/') + ".class"));
            kept.add(entry.toString());
        }
        assertTrue(hasMain, "no folder on the test class path holds " + MAIN_CLASS + ": " + kept);
        classPathSource += " (" + kept.size() + " entries)";
        return String.join(File.pathSeparator, kept);
    }

    /** A jar with no classes of its own but a {@code Class-Path} (surefire's booter) stands for that path. */
    private static List<Path> expandManifestOnlyJar(Path entry) throws IOException, URISyntaxException {
        if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return List.of(entry);
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            boolean onlyManifest = jar.stream().noneMatch(e -> e.getName().endsWith(".class")
                    && !e.getName().startsWith("org/apache/maven/surefire/"));
            if (classPath == null || !onlyManifest) {
                return List.of(entry);
            }
            List<Path> expanded = new ArrayList<>();
            URI baseUri = entry.toUri();
            for (String ref : classPath.trim().split("\\s+")) {
                Path path = Paths.get(baseUri.resolve(ref));
                if (!path.toString().contains("surefire-booter") && !path.toString().contains("surefire-api")) {
                    expanded.add(path);
                }
            }
            return expanded;
        }
    }

    private static Optional<Path> ownLocation() throws URISyntaxException {
        CodeSource source = S3LowMemoryUploadTest.class.getProtectionDomain().getCodeSource();
        return source == null ? Optional.empty() : Optional.of(Paths.get(source.getLocation().toURI()));
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void awaitReady() throws Exception {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!child.isAlive()) {
                fail("the child JVM exited with " + child.exitValue() + " while starting\n" + logTail());
            }
            try {
                if (get(base + "/actuator/health/readiness") == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("the child JVM was not ready within " + READY_TIMEOUT_MS / 1000 + " s\n" + logTail());
    }

    private static int get(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setConnectTimeout(2_000);
        connection.setReadTimeout(10_000);
        try {
            int status = connection.getResponseCode();
            InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            if (body != null) {
                body.close();
            }
            return status;
        } finally {
            connection.disconnect();
        }
    }

    private static String readAll(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String jsonString(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), () -> "no string field '" + field + "' in " + json);
        return m.group(1);
    }

    private static String jsonNumber(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), () -> "no number field '" + field + "' in " + json);
        return m.group(1);
    }

    /** A line of the child's {@code /proc/<pid>/status}, e.g. {@code VmHWM}, as "N MiB"; "n/a" off Linux. */
    private static String procStatus(String key) {
        Path status = Paths.get("/proc", Long.toString(child.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key + ":")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return (kib / 1024) + " MiB";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the child is gone
        }
        return "n/a";
    }

    private static String logTail() {
        try {
            List<String> lines = Files.readAllLines(childLog, StandardCharsets.UTF_8);
            return "--- child log (last 60 lines) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no child log: " + e + ")";
        }
    }

    /** {@code size} deterministic pseudo-random bytes (xorshift64*), generated as they are read. */
    static final class PseudoRandomInputStream extends InputStream {

        private long remaining;
        private long state;
        private long word;
        private int left;

        PseudoRandomInputStream(long size, long seed) {
            this.remaining = size;
            this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            int i = offset;
            int end = offset + n;
            while (i < end && left > 0) {
                buffer[i++] = (byte) word;
                word >>>= 8;
                left--;
            }
            while (end - i >= 8) {
                long w = next();
                for (int k = 0; k < 8; k++) {
                    buffer[i++] = (byte) w;
                    w >>>= 8;
                }
            }
            if (i < end) {
                word = next();
                left = 8;
                while (i < end) {
                    buffer[i++] = (byte) word;
                    word >>>= 8;
                    left--;
                }
            }
            remaining -= n;
            return n;
        }

        private long next() {
            state ^= state >>> 12;
            state ^= state << 25;
            state ^= state >>> 27;
            return state * 0x2545F4914F6CDD1DL;
        }
    }
}
