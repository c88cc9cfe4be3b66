package io.chatmedia.testsupport;

import static org.assertj.core.api.Assertions.fail;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code io.chatmedia.ChatMediaApplication} in a child JVM, as an operator would run it: a chosen {@code java}
 * executable and heap, {@code -XX:+ExitOnOutOfMemoryError} (running out of heap kills it rather than letting it
 * limp on), the test class path ({@link ChildClassPath}), {@code 127.0.0.1} on a free port, a data dir, temp dir and
 * log of its own under a work folder, a random JWT secret, and an environment without {@code CHATMEDIA_*} and
 * {@code SPRING_*} variables, so it runs on exactly the settings given whatever the shell exports.
 * {@link Builder#start()} returns once {@code /actuator/health/readiness} answers 200.
 */
public final class ChildServer implements AutoCloseable {

    public static final String MAIN_CLASS = "io.chatmedia.ChatMediaApplication";

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final String base;
    private final String secret;
    private final String classPathSource;
    private double startupSeconds;

    private ChildServer(Process process, Path dataDir, Path log, String base, String secret, String classPathSource) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.base = base;
        this.secret = secret;
        this.classPathSource = classPathSource;
    }

    /** The {@code java} of the JVM running the tests. */
    public static Path currentJava() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    /** A child whose data dir ({@code data}), temp dir ({@code tmp}) and log ({@code child.log}) go under {@code work}. */
    public static Builder in(Path work) {
        return new Builder(work);
    }

    public static final class Builder {

        private final Path work;
        private Path java = currentJava();
        private String heap = "-Xmx256m";
        private final List<String> args = new ArrayList<>();
        private final List<String> scrubbed = new ArrayList<>(List.of("CHATMEDIA_", "SPRING_"));
        private Duration readyTimeout = Duration.ofSeconds(120);
        private int port;
        private String secret;

        private Builder(Path work) {
            this.work = work;
        }

        /** The {@code java} executable to run (default: the tests' own). */
        public Builder java(Path executable) {
            this.java = executable;
            return this;
        }

        /** The heap option, e.g. {@code -Xmx160m} (default {@code -Xmx256m}). */
        public Builder heap(String option) {
            this.heap = option;
            return this;
        }

        /** Application arguments ({@code --name=value}), after the port, address, data dir and JWT secret. */
        public Builder args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** Environment variables starting with {@code prefix} are removed too. */
        public Builder scrubEnv(String prefix) {
            scrubbed.add(prefix);
            return this;
        }

        /** A fixed port (default: a free one), e.g. to start a killed server again where its clients look for it. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A fixed JWT secret (default: a random one), so tokens stay valid across a restart or between nodes. */
        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** The port and JWT secret of an earlier child, so that a restart answers where (and as) it did. */
        public Builder sameAs(ChildServer earlier) {
            this.port = Integer.parseInt(earlier.base.substring(earlier.base.lastIndexOf(':') + 1));
            this.secret = earlier.secret;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** Starts the child and waits until it is ready; fails with the log's tail if it exits or takes too long. */
        public ChildServer start() throws Exception {
            Path dataDir = Files.createDirectories(work.resolve("data"));
            Path log = work.resolve("child.log");
            String secret = this.secret != null ? this.secret : HexFormat.of().formatHex(randomBytes(32));
            int port = this.port != 0 ? this.port : freePort();
            ChildClassPath classPath = ChildClassPath.holding(MAIN_CLASS);

            List<String> command = new ArrayList<>(List.of(
                    java.toString(),
                    heap,
                    "-XX:+ExitOnOutOfMemoryError",
                    "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")),
                    "-cp",
                    classPath.value(),
                    MAIN_CLASS,
                    "--server.port=" + port,
                    "--server.address=127.0.0.1",
                    "--chatmedia.data-dir=" + dataDir,
                    "--chatmedia.auth.jwt-secret=" + secret));
            command.addAll(args);
            command.add("--spring.main.banner-mode=off");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .directory(work.toFile());
            // The child must run on exactly the settings above, whatever this shell exports.
            builder.environment().keySet().removeIf(name -> scrubbed.stream().anyMatch(name::startsWith));

            long start = System.nanoTime();
            ChildServer child = new ChildServer(
                    builder.start(), dataDir, log, "http://127.0.0.1:" + port, secret, classPath.source());
            try {
                child.awaitReady(readyTimeout);
            } catch (Throwable e) {
                child.stop();
                throw e;
            }
            child.startupSeconds = (System.nanoTime() - start) / 1e9;
            return child;
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                fail("the child JVM exited with " + process.exitValue() + " while starting\n" + logTail());
            }
            try {
                if (status("/actuator/health/readiness") == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("the child JVM was not ready within " + timeout.toSeconds() + " s\n" + logTail());
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String base() {
        return base;
    }

    public long pid() {
        return process.pid();
    }

    /** User + system CPU time the server has used, in ms (from {@code /proc/<pid>/stat}, USER_HZ = 100). */
    public long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where the class path came from, e.g. {@code surefire.test.class.path (57 entries)}. */
    public String classPathSource() {
        return classPathSource;
    }

    /** From the start of the JVM to the first ready answer. */
    public double startupSeconds() {
        return startupSeconds;
    }

    /** A user token signed with the child's secret, as the host chat app would mint it. */
    public String userToken(String id) {
        return JWT.create()
                .withClaim("id", id)
                .withClaim("role", "user")
                .withIssuedAt(Instant.now())
                .sign(Algorithm.HMAC256(secret));
    }

    /** The status of {@code GET <base><path>}, the body read and dropped. */
    public int status(String path) throws IOException {
        return request("GET", path).status();
    }

    /** {@code method <base><path>} without a body, with {@code headers} as name, value, name, value... */
    public Answer request(String method, String path, String... headers) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(base + path).openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(2_000);
        connection.setReadTimeout(10_000);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            connection.setRequestProperty(headers[i], headers[i + 1]);
        }
        try {
            int status = connection.getResponseCode();
            return new Answer(
                    status, readAll(status < 400 ? connection.getInputStream() : connection.getErrorStream()));
        } finally {
            connection.disconnect();
        }
    }

    /** A status and the body as text. */
    public record Answer(int status, String body) {}

    /** All of {@code in} as UTF-8 ("" for none), closed. */
    public static String readAll(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A line of the child's {@code /proc/<pid>/status}, e.g. {@code VmHWM}, as "N MiB"; "n/a" off Linux. */
    public String procStatus(String key) {
        Path status = Paths.get("/proc", Long.toString(process.pid()), "status");
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

    /** The number of a line of the child's {@code /proc/<pid>/status} (kB for sizes), e.g. {@code Threads}; "" off Linux. */
    public String procStatusRaw(String key) {
        Path status = Paths.get("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key + ":")) {
                    return line.replaceAll("\\D", "");
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the child is gone
        }
        return "";
    }

    /** The child's peak resident set so far. */
    public String vmHwm() {
        return procStatus("VmHWM");
    }

    /** Everything the child wrote to stdout and stderr so far. */
    public String logText() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The last 60 lines of the child's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- child log (last 60 lines) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no child log: " + e + ")";
        }
    }

    /** SIGKILL ({@code kill -9}): no shutdown hook, nothing released; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, up to 15 s for a graceful stop, then SIGKILL. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A free port on 127.0.0.1, for {@link Builder#port}. */
    public static int anyFreePort() throws IOException {
        return freePort();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
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
}
