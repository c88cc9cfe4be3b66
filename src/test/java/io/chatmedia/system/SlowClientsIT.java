package io.chatmedia.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.Multipart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot starve others (issue 14, item 4): a child server with a small request pool (40 threads, as in the
 * issue) is held by {@value #EACH} trickling uploads, {@value #EACH} slow readers of a large file and {@value #EACH}
 * slowloris header senders, all from 127.0.0.1; a client on 127.0.0.2 then still gets its health check, upload and read
 * answered within seconds. The transfers over the per-client limit are answered 429 with {@code Retry-After}; the
 * admitted trickling uploads are answered 408 once a rate window has passed. On the tests' Java (17) and on the newest
 * JDK 21+ under /usr/lib/jvm (virtual threads), when there is one.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SlowClientsIT {

    static final int EACH = 150;
    private static final Pattern PATH = Pattern.compile("\"path\":\"([^\"]+)\"");

    @TempDir
    Path work;

    @Test
    void slowClientsOnJava17DoNotStarveOthers() throws Exception {
        run(ChildServer.currentJava(), work.resolve("java17"));
    }

    @Test
    void slowClientsOnJava21OrNewerDoNotStarveOthers() throws Exception {
        Optional<Path> java = newestJava21();
        assertThat(java)
                .as("a JDK 21+ under /usr/lib/jvm (this kind of machine ships Temurin 25)")
                .isPresent();
        run(java.get(), work.resolve("java21"));
    }

    private void run(Path java, Path folder) throws Exception {
        try (ChildServer server = ChildServer.in(Files.createDirectories(folder))
                .java(java)
                .args(
                        "--server.tomcat.threads.max=40",
                        "--chatmedia.transfers.per-client-uploads=4",
                        "--chatmedia.transfers.per-client-downloads=4",
                        "--chatmedia.transfers.rate-window=2s")
                .start()) {
            int port = URI.create(server.base()).getPort();
            String token = server.userToken("slow-test");
            String key = upload(server, token, Fixtures.noise(6 * 1024 * 1024, 7));
            List<Socket> held = new ArrayList<>();
            int refused = 0;
            try {
                for (int i = 0; i < EACH; i++) {
                    Socket loris = socket("127.0.0.1", port, 0);
                    send(loris, "GET /v1/config HTTP/1.1\r\nHost: x\r\nX-a: ");
                    held.add(loris);
                }
                List<Socket> uploads = new ArrayList<>();
                for (int i = 0; i < EACH; i++) {
                    Socket trickle = socket("127.0.0.1", port, 0);
                    send(
                            trickle,
                            "POST /v1/media?filename=t.bin HTTP/1.1\r\nHost: x\r\ntoken: " + token
                                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\nab");
                    held.add(trickle);
                    uploads.add(trickle);
                }
                for (int i = 0; i < EACH; i++) {
                    Socket reader = socket("127.0.0.1", port, 4096);
                    send(reader, "GET /public/uploads/" + key + " HTTP/1.1\r\nHost: x\r\n\r\n");
                    held.add(reader);
                }
                Thread.sleep(1000);
                for (Socket trickle : uploads) {
                    send(trickle, "c"); // a byte now and then: never idle long enough for the socket timeout
                }

                long start = System.nanoTime();
                assertThat(answer(
                                "127.0.0.2",
                                port,
                                "GET /actuator/health/liveness HTTP/1.1\r\nHost: x\r\n" + "Connection: close\r\n\r\n"))
                        .startsWith("HTTP/1.1 200");
                Multipart body = Multipart.create().file("file", "ok.png", "image/png", Fixtures.png(8, 8));
                String uploaded = answer(
                        "127.0.0.2",
                        port,
                        "POST /v1/media HTTP/1.1\r\nHost: x\r\ntoken: " + token + "\r\nContent-Type: "
                                + body.contentType() + "\r\nContent-Length: " + body.bytes().length
                                + "\r\nConnection: close\r\n\r\n",
                        body.bytes());
                assertThat(uploaded).startsWith("HTTP/1.1 201");
                assertThat(answer(
                                "127.0.0.2",
                                port,
                                "GET /public/uploads/" + key(uploaded) + " HTTP/1.1\r\n"
                                        + "Host: x\r\nConnection: close\r\n\r\n"))
                        .startsWith("HTTP/1.1 200");
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(seconds)
                        .as("health, upload and read beside the slow clients")
                        .isLessThan(15);

                for (Socket trickle : uploads) {
                    String head = readSome(trickle, 30_000);
                    if (head.startsWith("HTTP/1.1 429")) {
                        refused++;
                        assertThat(head).containsIgnoringCase("Retry-After: 5");
                    } else {
                        assertThat(head).as("an admitted trickling upload").startsWith("HTTP/1.1 408");
                    }
                }
                System.out.printf(
                        "SlowClientsIT (%s): %d slowloris, %d trickling uploads (%d refused 429, the rest 408),"
                                + " %d slow readers held; health + upload + read from another address in %.2f s;"
                                + " threads %s, RSS %s%n",
                        java, EACH, EACH, refused, EACH, seconds, threads(server.pid()), server.procStatus("VmRSS"));
                assertThat(refused).isEqualTo(EACH - 4);
                assertThat(server.isAlive()).isTrue();
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    private static String upload(ChildServer server, String token, byte[] content) throws Exception {
        Multipart body = Multipart.create().file("file", "big.bin", "application/octet-stream", content);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.base() + "/v1/media"))
                                .header("token", token)
                                .header("Content-Type", body.contentType())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return key(response.body());
    }

    private static String key(String answer) {
        Matcher matcher = PATH.matcher(answer);
        assertThat(matcher.find()).as(answer).isTrue();
        return matcher.group(1);
    }

    private static Socket socket(String from, int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String answer(String from, int port, String head, byte[]... body) throws IOException {
        try (Socket socket = socket(from, port, 0)) {
            send(socket, head);
            for (byte[] part : body) {
                socket.getOutputStream().write(part);
            }
            socket.getOutputStream().flush();
            socket.setSoTimeout(15_000);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What the server has sent within {@code millis}, at most 4 KB. */
    private static String readSome(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        byte[] buffer = new byte[4096];
        InputStream in = socket.getInputStream();
        try {
            int n = in.read(buffer);
            return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(nothing: " + e.getMessage() + ")";
        }
    }

    private static String threads(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("Threads:"))
                    .map(line -> line.replaceAll("\\D", ""))
                    .findFirst()
                    .orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static Optional<Path> newestJava21() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        Pattern version = Pattern.compile("JAVA_VERSION=\"(\\d+)");
        Path best = null;
        int bestMajor = 0;
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.toList()) {
                Path release = home.resolve("release");
                Path java = home.resolve("bin/java");
                if (!Files.isRegularFile(release) || !Files.isExecutable(java)) {
                    continue;
                }
                Matcher m = version.matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 21 && Integer.parseInt(m.group(1)) > bestMajor) {
                    bestMajor = Integer.parseInt(m.group(1));
                    best = java;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
