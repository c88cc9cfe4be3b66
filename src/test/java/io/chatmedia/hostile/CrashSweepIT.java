package io.chatmedia.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.ChildServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} during 10 concurrent local uploads (issue 14, item 6), each of the three states a crash can leave:
 * four uploads answered 201 before it; four whose blobs were renamed into place while their rows waited for the
 * database (held by another writer, as a slow disk or a busy database would), exactly the window between the blob and
 * its row; two cut halfway through their bodies (temporary files). After a restart on the same data dir: no temporary
 * file, no blob without its row, no row without its blob, every completed upload intact (SHA-256 on disk and over
 * HTTP), and row-less files ChatMedia did not write (copied from the Egg.js server, old and new) still there.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CrashSweepIT {

    private static final int UPLOADS = 10;
    private static final int SIZE = 2 * 1024 * 1024;
    private static final String TEMP_PREFIX = ".cm-upload-";

    @TempDir
    Path work;

    @Test
    void aKilledServerLeavesNoTemporaryFileAndNoBlobWithoutItsRowAfterRestart() throws Exception {
        String[] args = {
            "--chatmedia.cluster.lease-ttl=2s",
            "--chatmedia.transfers.per-client-uploads=16",
            "--chatmedia.transfers.min-rate=1B"
        };
        ChildServer first = ChildServer.in(work).args(args).start();
        Path uploads = first.dataDir().resolve("public").resolve("uploads");
        String db = "jdbc:sqlite:" + first.dataDir().resolve("chatmedia.db");

        List<HeldUpload> held = new ArrayList<>();
        for (int i = 0; i < UPLOADS; i++) {
            held.add(HeldUpload.open(first.base() + "/v1/media", first.userToken("crash-" + i), i));
        }
        await(() -> count(db, "SELECT COUNT(*) FROM pending_blob") == UPLOADS, "10 intents recorded", first);

        Map<String, String> completed = new HashMap<>(); // sha256 -> answer
        for (HeldUpload upload : held.subList(0, 4)) {
            upload.finish();
            assertThat(upload.status()).as(upload.answer() + first.logTail()).isEqualTo(201);
            completed.put(upload.sha256, upload.answer());
        }

        try (Connection lock = DriverManager.getConnection(db);
                Statement statement = lock.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            for (HeldUpload upload : held.subList(4, 8)) {
                waiting.add(CompletableFuture.runAsync(() -> {
                    try {
                        upload.finish();
                    } catch (IOException ignored) {
                        // the server is killed while the answer is awaited
                    }
                }));
            }
            await(() -> blobs(uploads).size() == 8, "8 blobs in place, 4 of them waiting for their row", first);
            assertThat(temporaryFiles(uploads))
                    .as("halfway uploads' temporary files")
                    .hasSize(2);
            first.kill();
            statement.execute("ROLLBACK");
            CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        for (HeldUpload upload : held.subList(8, 10)) {
            upload.abandon();
        }
        assertThat(count(db, "SELECT COUNT(*) FROM media"))
                .as("rows at the crash")
                .isEqualTo(4);
        assertThat(blobs(uploads)).as("blobs at the crash").hasSize(8);

        Path eggOld = write(uploads.resolve("Diy/chatImgs/20200101/1577836800000_1.png"), "egg old");
        Path eggNew = write(uploads.resolve("media/20200101/copied-just-now.bin"), "egg new");
        Files.setLastModifiedTime(eggOld, java.nio.file.attribute.FileTime.fromMillis(1577836800000L));

        try (ChildServer second = ChildServer.in(work).sameAs(first).args(args).start()) {
            await(() -> count(db, "SELECT COUNT(*) FROM pending_blob") == 0, "the intents of the dead swept", second);
            assertThat(temporaryFiles(uploads))
                    .as("temporary files after the restart")
                    .isEmpty();

            Map<String, String> rows = rows(db);
            Set<String> files = blobs(uploads);
            files.remove(uploads.relativize(eggOld).toString());
            files.remove(uploads.relativize(eggNew).toString());
            assertThat(files).as("blobs == rows").isEqualTo(rows.keySet());
            assertThat(new TreeSet<>(rows.values()))
                    .as("the completed uploads' SHA-256")
                    .isEqualTo(new TreeSet<>(completed.keySet()));
            for (Map.Entry<String, String> row : rows.entrySet()) {
                assertThat(sha256(Files.readAllBytes(uploads.resolve(row.getKey()))))
                        .isEqualTo(row.getValue());
                HttpURLConnection get =
                        (HttpURLConnection) new URL(second.base() + "/public/uploads/" + row.getKey()).openConnection();
                try (InputStream in = get.getInputStream()) {
                    assertThat(sha256(in.readAllBytes()))
                            .as("served " + row.getKey())
                            .isEqualTo(row.getValue());
                }
            }
            assertThat(eggOld).exists();
            assertThat(eggNew).exists();
            assertThat(second.logText())
                    .as("4 blobs waiting for their row and 2 halfway uploads")
                    .contains("removed the blobs of 6 uploads interrupted before their row");
        }
    }

    /** A multipart upload whose first half is sent and whose rest waits for {@link #finish()}. */
    private static final class HeldUpload {
        final HttpURLConnection connection;
        final OutputStream out;
        final byte[] content;
        final byte[] tail;
        final String sha256;
        private int status;
        private String answer = "";

        private HeldUpload(HttpURLConnection connection, OutputStream out, byte[] content, byte[] tail) {
            this.connection = connection;
            this.out = out;
            this.content = content;
            this.tail = tail;
            this.sha256 = CrashSweepIT.sha256(content);
        }

        static HeldUpload open(String url, String token, int seed) throws IOException {
            byte[] content = new byte[SIZE];
            new Random(seed).nextBytes(content);
            String boundary = "crash" + seed + "x" + System.nanoTime();
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f" + seed
                            + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setReadTimeout(60_000);
            connection.setFixedLengthStreamingMode(head.length + content.length + tail.length);
            connection.setRequestProperty("Content-Type", "multipart/form-data; boundary=" + boundary);
            connection.setRequestProperty("Authorization", "Bearer " + token);
            OutputStream out = connection.getOutputStream();
            out.write(head);
            out.write(content, 0, SIZE / 2);
            out.flush();
            return new HeldUpload(connection, out, content, tail);
        }

        void finish() throws IOException {
            out.write(content, SIZE / 2, SIZE - SIZE / 2);
            out.write(tail);
            out.close();
            status = connection.getResponseCode();
            answer = ChildServer.readAll(status < 400 ? connection.getInputStream() : connection.getErrorStream());
        }

        void abandon() {
            connection.disconnect();
        }

        int status() {
            return status;
        }

        String answer() {
            return answer;
        }
    }

    private static void await(BooleanSupplier condition, String what, ChildServer server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline)
                    .as("waited 60 s for: " + what + "\n" + server.logTail())
                    .isTrue();
            Thread.sleep(100);
        }
    }

    private static long count(String db, String sql) {
        try (Connection c = DriverManager.getConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (Exception e) {
            return -1; // the database is being written or not there yet
        }
    }

    /** storage key -> sha256 of every row. */
    private static Map<String, String> rows(String db) throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT storage_key, sha256 FROM media")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    /** Keys of the complete files (not temporary, not derived results) under the upload folders. */
    private static Set<String> blobs(Path uploads) {
        return files(uploads)
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .map(p -> uploads.relativize(p).toString())
                .filter(key -> !key.startsWith("derived/"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Path> temporaryFiles(Path uploads) {
        return files(uploads)
                .filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
                .toList();
    }

    private static Stream<Path> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            return Stream.empty(); // a file vanished under the walk: asked again by the caller's loop
        }
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
