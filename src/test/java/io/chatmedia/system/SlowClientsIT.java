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
 * Slow clients cannot starve others (issue 14, item 4): a child server on its default limits (Tomcat's 200 request
 * threads on Java 17, virtual threads on 21+, {@code chatmedia.transfers.*} defaults; only the rate window shortened, so
 * that the test is quick) is held by {@value #EACH} trickling uploads, {@value #EACH} slow readers of a large file and
 * {@value #EACH} slowloris header senders, all from 127.0.0.1; a client on 127.0.0.2 then still gets its health check,
 * upload and read answered within seconds. The transfers over the per-client limits are answered 429 with
 * {@code Retry-After}; the admitted trickling uploads are answered 408 once a rate window has passed; the slow readers
 * hold a connection each, and no request thread (the file goes out by sendfile). On the tests' Java
 * (17) and on the newest JDK 21+ under /usr/lib/jvm (virtual threads). Both JVMs hold {@code 3 × EACH} sockets: the
 * test checks their open-file limits first (the JVM raises its soft limit to the hard one by itself).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SlowClientsIT {

    static final int EACH = 500;
    /** {@code chatmedia.transfers.per-client-uploads} and {@code per-client-downloads} at their defaults. */
    private static final int PER_CLIENT_UPLOADS = 8;

    private static final int PER_CLIENT_DOWNLOADS = 32;

    private static final Pattern OPEN_FILES = Pattern.compile("Max open files\\s+(\\d+|unlimited)");
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
                .args("--chatmedia.transfers.rate-window=2s")
                .start()) {
            long needed = 3L * EACH + 200;
            assertThat(openFiles("self")).as("the test JVM's open-file limit").isGreaterThan(needed);
            assertThat(openFiles(Long.toString(server.pid())))
                    .as("the server's open-file limit")
                    .isGreaterThan(needed);
            int port = URI.create(server.base()).getPort();
            String token = server.userToken("slow-test");
            String key = upload(server, token, Fixtures.noise(6 * 1024 * 1024, 7));
            List<Socket> held = new ArrayList<>();
            List<Socket> readers = new ArrayList<>();
            int refused = 0;
            int readersRefused = 0;
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
                    readers.add(reader);
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

                for (Socket reader : readers) {
                    String head = readSome(reader, 30_000);
                    if (head.startsWith("HTTP/1.1 429")) {
                        readersRefused++;
                        assertThat(head).containsIgnoringCase("Retry-After: 5");
                    } else {
                        assertThat(head).as("an admitted slow reader").startsWith("HTTP/1.1 200");
                    }
                }
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
                                + " %d slow readers (%d refused 429); health + upload + read from another address in"
                                + " %.2f s; threads %s, RSS %s, open-file limits test %d / server %d%n",
                        java,
                        EACH,
                        EACH,
                        refused,
                        EACH,
                        readersRefused,
                        seconds,
                        threads(server.pid()),
                        server.procStatus("VmRSS"),
                        openFiles("self"),
                        openFiles(Long.toString(server.pid())));
                assertThat(refused).isEqualTo(EACH - PER_CLIENT_UPLOADS);
                // a local file of 48 KiB and more goes out by sendfile: Tomcat's poller writes it, the request thread
                // and the download slot are free at once, so slow readers of one rarely hit the per-client limit
                assertThat(readersRefused).isBetween(0, EACH - PER_CLIENT_DOWNLOADS);
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

    /** The soft open-file limit of a process ({@code self} or a pid), from {@code /proc/<pid>/limits}. */
    private static long openFiles(String pid) throws IOException {
        Matcher m = OPEN_FILES.matcher(Files.readString(Path.of("/proc", pid, "limits")));
        assertThat(m.find()).as("Max open files in /proc/" + pid + "/limits").isTrue();
        return m.group(1).equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(m.group(1));
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
