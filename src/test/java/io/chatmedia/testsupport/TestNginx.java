package io.chatmedia.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * nginx as the load balancer in front of ChatMedia nodes, as README's "Running a cluster" shows it: round-robin,
 * uploads streamed through unbuffered, a node that refuses connections skipped (and retried after a few seconds).
 * Debian's package, installed by {@code scripts/test-nginx.sh} when missing; this instance listens on 127.0.0.1 on a
 * free port, with its configuration, logs and temp folders under the given work folder, and is stopped by its pid.
 */
public final class TestNginx implements AutoCloseable {

    private static final String SCRIPT = "scripts/test-nginx.sh";

    private final Process process;
    private final int port;
    private final Path work;

    private TestNginx(Process process, int port, Path work) {
        this.process = process;
        this.port = port;
        this.work = work;
    }

    /** Starts nginx balancing over {@code upstreams} ({@code 127.0.0.1:port} each); returns once it accepts. */
    public static TestNginx start(Path work, List<String> upstreams) throws Exception {
        Path nginx = install();
        Files.createDirectories(work.resolve("logs"));
        Files.createDirectories(work.resolve("temp"));
        int port = freePort();
        Path config = work.resolve("nginx.conf");
        Files.writeString(config, config(work, port, upstreams), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(
                        nginx.toString(), "-p", work.toString(), "-c", config.toString(), "-e", "logs/error.log")
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("logs/stdout.log").toFile())
                .start();
        TestNginx started = new TestNginx(process, port, work);
        started.awaitListening();
        return started;
    }

    /** The configuration README's "Running a cluster" section shows, with this test's paths and ports. */
    static String config(Path work, int port, List<String> upstreams) {
        String servers = upstreams.stream()
                .map(upstream -> "        server " + upstream + " max_fails=1 fail_timeout=5s;")
                .collect(Collectors.joining("\n"));
        return """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 512; }
                http {
                    log_format upstream '$request_method $uri $status $upstream_addr';
                    access_log %1$s/logs/access.log upstream;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;

                    upstream chatmedia {
                %2$s
                        keepalive 16;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        client_max_body_size 0;               # ChatMedia enforces its own limits (413)
                        location / {
                            proxy_pass http://chatmedia;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $http_host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_request_buffering off;      # uploads stream through, never spooled to disk
                            proxy_buffering off;
                            proxy_connect_timeout 2s;
                            proxy_read_timeout 120s;
                            proxy_next_upstream error timeout; # a dead node is skipped; a POST sent to it is not replayed
                        }
                    }
                }
                """.formatted(work, servers, port);
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The access log: one {@code method uri status upstream} line per request. */
    public List<String> accessLog() throws IOException {
        Path log = work.resolve("logs/access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void awaitListening() throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
                        + Files.readString(work.resolve("logs/error.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port + " within 15 s");
    }

    /** {@code scripts/test-nginx.sh}: installs nginx when missing, prints its path. */
    private static Path install() throws Exception {
        Path script = findScript();
        Path out = Files.createTempFile("test-nginx", ".out");
        try {
            Process run = new ProcessBuilder("bash", script.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!run.waitFor(10, TimeUnit.MINUTES) || run.exitValue() != 0) {
                throw new IllegalStateException(SCRIPT + " failed:\n" + Files.readString(out));
            }
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith("nginx=")) {
                    return Paths.get(line.substring("nginx=".length()).trim());
                }
            }
            throw new IllegalStateException(SCRIPT + " printed no path:\n" + Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Path findScript() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SCRIPT))) {
                return dir.resolve(SCRIPT);
            }
        }
        throw new IllegalStateException(
                "cannot find " + SCRIPT + " above " + Paths.get("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
