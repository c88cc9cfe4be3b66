package io.chatmedia.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for the tests: S3Proxy's runnable jar (copied to {@code target/s3proxy/} by the build),
 * serving a temporary folder on 127.0.0.1 with AWS signature checking. Each instance is its own process, which
 * fault tests may stop, kill and start again on the same port and folder.
 */
public final class TestS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "chatmedia-test";
    public static final String SECRET_KEY = "chatmedia-test-secret";
    public static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static TestS3 shared;

    private final int port;
    private final Path folder;
    private final Path log;
    private Process process;
    private S3Client client;

    private TestS3(int port, Path folder) {
        this.port = port;
        this.folder = folder;
        this.log = folder.resolve("s3proxy.log");
    }

    /** One server for the whole test JVM, for tests that only need a working store; stopped at exit. */
    public static synchronized TestS3 shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A server of its own, for tests that stop or break it. */
    public static TestS3 start() {
        try {
            TestS3 server = new TestS3(freePort(), Files.createTempDirectory("chatmedia-s3-"));
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** A fresh bucket with a unique name. */
    public String newBucket() {
        String bucket = "b-" + UUID.randomUUID().toString().substring(0, 12);
        client().createBucket(request -> request.bucket(bucket));
        return bucket;
    }

    /** Points a Spring context's object store at this server and {@code bucket}. */
    public void registerProperties(DynamicPropertyRegistry registry, String bucket) {
        registry.add("chatmedia.storage.s3.endpoint", () -> endpoint().toString());
        registry.add("chatmedia.storage.s3.region", () -> REGION);
        registry.add("chatmedia.storage.s3.bucket", () -> bucket);
        registry.add("chatmedia.storage.s3.access-key", () -> ACCESS_KEY);
        registry.add("chatmedia.storage.s3.secret-key", () -> SECRET_KEY);
        registry.add("chatmedia.storage.s3.path-style-access", () -> "true");
    }

    /** An SDK client with the right credentials, for assertions on what the store holds. */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(endpoint())
                    .region(Region.of(REGION))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build();
        }
        return client;
    }

    /** Kills the server at once, as a crash or a cut network would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /** Starts it again on the same port with the same data. */
    public synchronized void restart() {
        kill();
        startProcess();
    }

    @Override
    public synchronized void close() {
        kill();
        if (client != null) {
            client.close();
            client = null;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder
        }
    }

    private synchronized void startProcess() {
        Path jar = jar();
        Path data = folder.resolve("data");
        Path properties = folder.resolve("s3proxy.conf");
        try {
            Files.createDirectories(data);
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=http://127.0.0.1:" + port,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + ACCESS_KEY,
                            "s3proxy.credential=" + SECRET_KEY,
                            "jclouds.provider=filesystem-nio2",
                            "jclouds.filesystem.basedir=" + data,
                            ""),
                    StandardCharsets.UTF_8);
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(
                            java, "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy from " + jar, e);
        }
        awaitListening();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited at start:\n" + tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException(
                "S3Proxy did not listen on " + port + " within " + START_TIMEOUT + ":\n" + tail());
    }

    private static Path jar() {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3Proxy jar at " + jar + ": the Maven build copies it there"
                    + " (process-test-resources); run the tests through mvn");
        }
        return jar;
    }

    private String tail() {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
