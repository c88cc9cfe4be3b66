package io.chatmedia.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.JsonFields;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak (issue 14, item 7): mixed traffic against one node at {@code -Xmx256m} from a few clients at once —
 * uploads of images, videos, voice messages and files from users and guests through the native and the seed's routes,
 * reads with ranges, processing (image resize, video cover, audio convert), deletes, uploads the client abandons
 * halfway — for {@code -Dchatmedia.soak.duration} (default {@code 100s}; {@code bench/soak.sh} runs 10 minutes). Then:
 * no 5xx, every live upload served with its SHA-256, rows == blobs, no temporary file, and RSS and thread count flat
 * over the second half. Prints the figures: samples, requests by status.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class SoakIT {

    private static final int CLIENTS = 3;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);

    @TempDir
    Path work;

    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final Map<String, Item> live = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ChildServer server;
    private List<byte[]> images;
    private List<byte[]> videos;
    private List<byte[]> voices;

    /**
     * A live upload: its key, content, kind, id (native route) and owner's token. The content is kept as a recipe, not
     * as bytes: ten minutes of uploads are gigabytes, more than the test JVM's heap.
     */
    record Item(String key, Content content, String kind, String id, String token) {

        byte[] bytes() {
            return content.bytes();
        }
    }

    /** One of the shared fixtures, or {@code length} bytes of noise from {@code seed}, made again when needed. */
    record Content(byte[] fixture, int length, long seed) {

        byte[] bytes() {
            return fixture != null ? fixture : Fixtures.noise(length, seed);
        }
    }

    @Test
    void mixedTrafficLeavesEveryUploadIntactAndMemoryFlat() throws Exception {
        Duration duration = duration(System.getProperty("chatmedia.soak.duration", "100s"));
        String loadAtStart = load();
        server = ChildServer.in(work).start();
        images = List.of(Fixtures.png(64, 48), Fixtures.jpeg(800, 600), Fixtures.jpeg(1600, 1200));
        videos = List.of(resource("video/h264-640x360-gop25.mp4"), resource("video/hevc-640x360.mp4"));
        voices = List.of(resource("audio/sweep.m4a"), resource("audio/sweep.mp3"), resource("audio/sweep.ogg"));
        List<String> tokens =
                List.of(server.userToken("soak-a"), server.userToken("soak-b"), guestToken(), guestToken());

        List<long[]> samples = new CopyOnWriteArrayList<>(); // {seconds, rss KiB, threads}
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        Future<?> sampler = pool.submit(() -> {
            while (System.nanoTime() < end) {
                samples.add(new long[] {(System.nanoTime() - start) / 1_000_000_000L, proc("VmRSS"), proc("Threads")});
                sleep(SAMPLE_EVERY.toMillis());
            }
        });
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Random random = new Random(42 + c);
            clients.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    step(random, tokens.get(random.nextInt(tokens.size())));
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        sampler.get();
        pool.shutdown();

        verifyEveryLiveUpload();
        Path uploads = server.dataDir().resolve("public").resolve("uploads");
        Set<String> files = files(uploads);
        Set<String> rows = rowKeys();
        List<String> temporary = files.stream()
                .filter(f -> f.contains("/.cm-") || f.startsWith(".cm-"))
                .filter(f -> !f.equals(OPEN_MARKER)) // says the store is open, not a leftover
                .toList();
        files.removeIf(f -> f.startsWith("derived/") || f.contains("/.cm-") || f.startsWith(".cm-"));
        print(duration, samples, files.size(), rows.size());
        List<long[]> half = samples.subList(samples.size() / 2, samples.size());
        System.out.printf(
                "[soak] second half (from %d s): RSS %d..%d MiB, threads %d..%d; SHA-256 checked on %d live uploads;"
                        + " temporary files %d; unexpected answers %d; load %s at the start, %s at the end%n",
                half.get(0)[0],
                half.stream().mapToLong(x -> x[1]).min().orElseThrow() / 1024,
                half.stream().mapToLong(x -> x[1]).max().orElseThrow() / 1024,
                half.stream().mapToLong(x -> x[2]).min().orElseThrow(),
                half.stream().mapToLong(x -> x[2]).max().orElseThrow(),
                live.size(),
                temporary.size(),
                unexpected.size(),
                loadAtStart,
                load());

        assertThat(unexpected).as("unexpected answers").isEmpty();
        assertThat(temporary).as("temporary files").isEmpty();
        assertThat(files).as("blobs == rows").isEqualTo(rows);
        assertThat(live.keySet()).as("every live upload has its row").isSubsetOf(rows);
        List<long[]> secondHalf = samples.subList(samples.size() / 2, samples.size());
        long rssGrowth = average(secondHalf.subList(secondHalf.size() / 2, secondHalf.size()), 1)
                - average(secondHalf.subList(0, secondHalf.size() / 2), 1);
        assertThat(rssGrowth / 1024).as("RSS growth over the second half, MiB").isLessThan(48);
        long threadsMin = secondHalf.stream().mapToLong(s -> s[2]).min().orElseThrow();
        long threadsMax = secondHalf.stream().mapToLong(s -> s[2]).max().orElseThrow();
        assertThat(threadsMax - threadsMin)
                .as("thread count swing over the second half")
                .isLessThanOrEqualTo(12);
        server.stop();
    }

    private void step(Random random, String token) throws Exception {
        int dice = random.nextInt(100);
        List<Item> items = new ArrayList<>(live.values());
        if (dice < 35 || items.isEmpty()) {
            upload(random, token);
        } else if (dice < 60) {
            readRange(random, items.get(random.nextInt(items.size())));
        } else if (dice < 78) {
            process(random, items.get(random.nextInt(items.size())));
        } else if (dice < 90) {
            delete(items.get(random.nextInt(items.size())));
        } else {
            abandonUpload(random, token);
        }
    }

    private void upload(Random random, String token) throws Exception {
        String[] kinds = {"image", "video", "voice", "file"};
        String kind = kinds[random.nextInt(kinds.length)];
        Content content =
                switch (kind) {
                    case "image" -> new Content(images.get(random.nextInt(images.size())), 0, 0);
                    case "video" -> new Content(videos.get(random.nextInt(videos.size())), 0, 0);
                    case "voice" -> new Content(voices.get(random.nextInt(voices.size())), 0, 0);
                    default -> new Content(null, 1_000 + random.nextInt(3_000_000), random.nextLong());
                };
        byte[] bytes = content.bytes();
        boolean seedRoute = random.nextBoolean();
        String path = seedRoute ? "/api/chat/uploadStreamSingleToServerDiy/chatFiles" : "/v1/media";
        String boundary = "soak" + random.nextLong();
        byte[] body = multipart(boundary, "f." + kind, bytes);
        HttpResponse<String> answer = send(
                "POST upload",
                HttpRequest.newBuilder(URI.create(server.base() + path))
                        .header("token", token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                200,
                201);
        if (answer == null || answer.statusCode() >= 300) {
            return;
        }
        String url = JsonFields.string(answer.body(), "url");
        String key = url.substring(url.indexOf("/public/uploads/") + "/public/uploads/".length());
        String id = seedRoute ? null : JsonFields.string(answer.body(), "id");
        live.put(key, new Item(key, content, kind, id, token));
    }

    private void readRange(Random random, Item item) throws Exception {
        byte[] bytes = item.bytes();
        int from = random.nextInt(bytes.length);
        int to = Math.min(bytes.length - 1, from + random.nextInt(64 * 1024));
        HttpResponse<byte[]> answer =
                sendBytes(HttpRequest.newBuilder(URI.create(server.base() + "/public/uploads/" + item.key()))
                        .header("Range", "bytes=" + from + "-" + to));
        count("GET range", answer.statusCode());
        if (answer.statusCode() == 206) {
            if (!Arrays.equals(answer.body(), Arrays.copyOfRange(bytes, from, to + 1))) {
                unexpected.add("range " + from + "-" + to + " of " + item.key() + " differs");
            }
        } else if (answer.statusCode() != 404 || live.containsKey(item.key())) {
            unexpected.add("GET range " + item.key() + " -> " + answer.statusCode());
        }
    }

    private void process(Random random, Item item) throws Exception {
        String spec =
                switch (item.kind()) {
                    case "image" -> "image/resize,w_" + (32 + random.nextInt(256));
                    case "video" -> "video/snapshot,t_" + random.nextInt(3000) + ",w_" + (64 + random.nextInt(200));
                    case "voice" -> "audio/convert,f_" + (random.nextBoolean() ? "mp3" : "m4a");
                    default -> "image/info";
                };
        HttpResponse<byte[]> answer = sendBytes(HttpRequest.newBuilder(
                URI.create(server.base() + "/public/uploads/" + item.key() + "?x-oss-process=" + spec)));
        count(
                "GET " + spec.substring(0, spec.indexOf(',') < 0 ? spec.length() : spec.indexOf(',')),
                answer.statusCode());
        boolean fine = answer.statusCode() == 200
                || (answer.statusCode() == 400 && item.kind().equals("file"))
                || (answer.statusCode() == 404 && !live.containsKey(item.key()));
        if (!fine) {
            unexpected.add("GET ?" + spec + " on " + item.kind() + " -> " + answer.statusCode() + " "
                    + new String(answer.body(), StandardCharsets.UTF_8));
        }
    }

    private void delete(Item item) throws Exception {
        if (item.id() == null || live.remove(item.key()) == null) {
            return;
        }
        send(
                "DELETE",
                HttpRequest.newBuilder(URI.create(server.base() + "/v1/media/" + item.id()))
                        .header("token", item.token())
                        .DELETE(),
                200,
                204);
    }

    /** Sends a declared 1 MB body's first 100 KB and closes the socket. */
    private void abandonUpload(Random random, String token) throws IOException {
        String boundary = "gone" + random.nextLong();
        byte[] body = multipart(boundary, "gone.bin", Fixtures.noise(1_000_000, random.nextLong()));
        String head = "POST /v1/media HTTP/1.1\r\nHost: 127.0.0.1\r\ntoken: " + token
                + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + body.length
                + "\r\n\r\n";
        URI base = URI.create(server.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 100_000);
            out.flush();
        }
        count("POST abandoned", 0);
    }

    private void verifyEveryLiveUpload() throws Exception {
        for (Item item : live.values()) {
            HttpResponse<byte[]> answer =
                    sendBytes(HttpRequest.newBuilder(URI.create(server.base() + "/public/uploads/" + item.key())));
            if (answer.statusCode() != 200 || !sha256(answer.body()).equals(sha256(item.bytes()))) {
                unexpected.add("final read of " + item.key() + " -> " + answer.statusCode());
            }
        }
    }

    private HttpResponse<String> send(String what, HttpRequest.Builder request, int... expected) throws Exception {
        HttpResponse<String> answer;
        try {
            answer = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            unexpected.add(what + " failed: " + e);
            return null;
        }
        count(what, answer.statusCode());
        if (Arrays.stream(expected).noneMatch(s -> s == answer.statusCode())) {
            unexpected.add(what + " -> " + answer.statusCode() + " " + answer.body());
        }
        return answer;
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void count(String what, int status) {
        requests.incrementAndGet();
        statuses.merge(what + " " + (status == 0 ? "(no answer awaited)" : status), 1, Integer::sum);
        if (status >= 500) {
            unexpected.add(what + " -> " + status);
        }
    }

    private void print(Duration duration, List<long[]> samples, int blobs, int rows) {
        StringBuilder out = new StringBuilder("\n[soak] " + duration.toSeconds() + " s, " + CLIENTS + " clients, "
                + requests.get() + " requests, " + live.size() + " live uploads, blobs " + blobs + ", rows " + rows
                + "\n[soak] requests by status:\n");
        new TreeMap<>(statuses)
                .forEach((k, v) ->
                        out.append("[soak]   ").append(k).append(": ").append(v).append('\n'));
        out.append("[soak] samples (s, RSS MiB, threads):");
        for (long[] s : samples) {
            out.append(' ')
                    .append(s[0])
                    .append('/')
                    .append(s[1] / 1024)
                    .append('/')
                    .append(s[2]);
        }
        System.out.println(out);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private long proc(String key) {
        String value = server.procStatusRaw(key);
        return value.isEmpty() ? -1 : Long.parseLong(value);
    }

    private Set<String> rowKeys() throws Exception {
        Set<String> keys = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:sqlite:" + server.dataDir().resolve("chatmedia.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT storage_key FROM media")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static final String OPEN_MARKER = ".cm-open";

    private static Set<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private String guestToken() throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(server.base() + "/v1/auth/guest"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JsonFields.string(answer.body(), "token");
    }

    private static byte[] multipart(String boundary, String filename, byte[] content) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return body;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SoakIT.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    private static long average(List<long[]> samples, int column) {
        return (long) samples.stream().mapToLong(s -> s[column]).average().orElse(0);
    }

    private static Duration duration(String text) {
        String t = text.trim().toLowerCase();
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
