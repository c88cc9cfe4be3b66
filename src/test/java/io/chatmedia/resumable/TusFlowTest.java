package io.chatmedia.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.system.Sha256;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.RawHttp;
import io.chatmedia.testsupport.Tokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** tus 1.0 on the embedded defaults (local disk + SQLite): the protocol, completion through ingest, bad inputs. */
class TusFlowTest extends HttpFlowTest {

    private static final String OCTETS = "application/offset+octet-stream";

    @Autowired
    ExpirySweeper sweeper;

    private String user;
    private TusClient tus;

    @BeforeEach
    void newUser() {
        user = "tus-" + System.nanoTime();
        tus = new TusClient("http://127.0.0.1:" + port, Tokens.user(user));
    }

    @Test
    void advertisesTheProtocolAndItsExtensions() {
        HttpResponse<byte[]> options = tus.send("OPTIONS", "/v1/uploads", null);
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Tus-Version")).hasValue("1.0.0");
        assertThat(options.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
        assertThat(options.headers().firstValue("Tus-Extension").orElseThrow())
                .contains("creation", "creation-with-upload", "creation-defer-length", "termination", "expiration")
                .contains("checksum");
        assertThat(options.headers().firstValue("Tus-Checksum-Algorithm").orElseThrow())
                .contains("sha1", "sha256");
        assertThat(options.headers().firstValue("Tus-Max-Size")).hasValue(Long.toString(200L * 1024 * 1024));
    }

    @Test
    void advertisesTheCallersOwnLimitAndTheLargestOneWithoutAToken() {
        TusClient guest = new TusClient("http://127.0.0.1:" + port, Tokens.guest("g-" + System.nanoTime()));
        assertThat(guest.send("OPTIONS", "/v1/uploads", null).headers().firstValue("Tus-Max-Size"))
                .hasValue(Long.toString(GUEST_LIMIT));
        HttpResponse<byte[]> anonymous =
                new TusClient("http://127.0.0.1:" + port, null).send("OPTIONS", "/v1/uploads", null);
        assertThat(anonymous.statusCode()).isEqualTo(204);
        assertThat(anonymous.headers().firstValue("Tus-Max-Size"))
                .as("no token: the largest role limit (users', over guests')")
                .hasValue(Long.toString(200L * 1024 * 1024));
        assertFails(new TusClient("http://127.0.0.1:" + port, "not-a-token").send("OPTIONS", "/v1/uploads", null), 401);
    }

    @Test
    void uploadsInChunksAndBecomesMediaOnlyAtTheLastByte() throws Exception {
        byte[] png = withPadding(Fixtures.png(40, 30), 300_000);
        State before = state();
        HttpResponse<byte[]> created = tus.send(
                "POST",
                "/v1/uploads",
                null,
                "Upload-Length",
                Long.toString(png.length),
                "Upload-Metadata",
                "filename " + TusClient.b64("photo.png") + ",filetype " + TusClient.b64("text/html"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Tus-Max-Size")).hasValue(Long.toString(200L * 1024 * 1024));
        assertThat(created.headers().firstValue("Upload-Expires")).isPresent();
        String path = created.headers().firstValue("Location").orElseThrow();
        assertThat(path).matches("/v1/uploads/[0-9a-f]{32}");

        int cut = 100_000;
        HttpResponse<byte[]> first = tus.patch(path, 0, Arrays.copyOfRange(png, 0, cut));
        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(first.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(cut));
        assertThat(tus.offset(path)).isEqualTo(cut);
        assertThat(state().rows()).as("no media before the last byte").isEqualTo(before.rows());
        assertFails(tus.send("GET", path, null), 409);

        HttpResponse<byte[]> last = tus.patch(path, cut, Arrays.copyOfRange(png, cut, png.length));
        assertThat(last.statusCode()).isEqualTo(204);
        assertThat(last.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(png.length));
        String mediaId = last.headers().firstValue("X-Media-Id").orElseThrow();
        assertThat(last.headers().firstValue("Location")).hasValue(path);

        JsonNode media = assertOk(tus.send("GET", path, null), 200);
        assertThat(media.get("id").asString()).isEqualTo(mediaId);
        assertThat(media.get("content_type").asString()).isEqualTo("image/png");
        assertThat(media.get("kind").asString()).isEqualTo("image");
        assertThat(media.get("width").asInt()).isEqualTo(40);
        assertThat(media.get("original_name").asString()).isEqualTo("photo.png");
        assertThat(media.get("sha256").asString()).isEqualTo(Sha256.hex(png));
        assertThat(media.get("path").asString()).matches("media/\\d{8}/\\d{13}_[0-9a-f]{12}\\.png");
        assertThat(get(media.get("url").asString()).body()).isEqualTo(png);
        assertThat(get("/v1/media/" + mediaId).statusCode()).isEqualTo(200);
        assertThat(state().files())
                .as("the temporary file was moved into place, not copied")
                .noneMatch(file -> file.startsWith(".cm-resumable/") && file.endsWith(".part"));
    }

    @Test
    void createsWithTheWholeFileInOneRequest() {
        byte[] bytes = Fixtures.noise(70_000, 3);
        HttpResponse<byte[]> created = tus.send(
                "POST", "/v1/uploads", bytes, "Upload-Length", Integer.toString(bytes.length), "Content-Type", OCTETS);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(bytes.length));
        String path = created.headers().firstValue("Location").orElseThrow();
        JsonNode media = assertOk(tus.send("GET", path, null), 200);
        assertThat(media.get("sha256").asString()).isEqualTo(Sha256.hex(bytes));
        assertThat(media.get("kind").asString()).isEqualTo("file");
    }

    @Test
    void takesADeferredLengthWithTheLastChunk() {
        byte[] bytes = Fixtures.noise(50_000, 4);
        HttpResponse<byte[]> created = tus.send("POST", "/v1/uploads", null, "Upload-Defer-Length", "1");
        assertThat(created.statusCode()).isEqualTo(201);
        String path = created.headers().firstValue("Location").orElseThrow();
        assertThat(tus.patch(path, 0, Arrays.copyOf(bytes, 20_000)).statusCode())
                .isEqualTo(204);
        assertThat(tus.head(path).headers().firstValue("Upload-Defer-Length")).hasValue("1");
        HttpResponse<byte[]> last = tus.patch(
                path,
                20_000,
                Arrays.copyOfRange(bytes, 20_000, bytes.length),
                "Upload-Length",
                Integer.toString(bytes.length));
        assertThat(last.statusCode()).isEqualTo(204);
        assertThat(last.headers().firstValue("X-Media-Id")).isPresent();
        assertThat(assertOk(tus.send("GET", path, null), 200).get("sha256").asString())
                .isEqualTo(Sha256.hex(bytes));
    }

    @Test
    void cutsADeferredLengthAtTheRolesLimit() {
        TusClient guest = new TusClient("http://127.0.0.1:" + port, Tokens.guest("g-" + System.nanoTime()));
        HttpResponse<byte[]> created = guest.send("POST", "/v1/uploads", null, "Upload-Defer-Length", "1");
        assertThat(created.headers().firstValue("Tus-Max-Size")).hasValue(Long.toString(GUEST_LIMIT));
        String path = created.headers().firstValue("Location").orElseThrow();
        assertFails(guest.patch(path, 0, new byte[(int) GUEST_LIMIT + 1]), 413);
    }

    @Test
    void refusesAnUploadLengthOverTheRolesLimitBeforeStoringAnything() {
        TusClient guest = new TusClient("http://127.0.0.1:" + port, Tokens.guest("g-" + System.nanoTime()));
        State before = state();
        assertFails(guest.send("POST", "/v1/uploads", null, "Upload-Length", Long.toString(GUEST_LIMIT + 1)), 413);
        assertNothingLeftBehind(before);
    }

    @Test
    void terminationLeavesNothingBehind() {
        State before = state();
        long rows = uploadRows();
        String path = tus.create(100_000, "a.bin");
        assertThat(tus.patch(path, 0, Fixtures.noise(30_000, 5)).statusCode()).isEqualTo(204);
        HttpResponse<byte[]> deleted = tus.send("DELETE", path, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertNothingLeftBehind(before);
        assertThat(uploadRows()).isEqualTo(rows);
        assertFails(tus.patch(path, 30_000, Fixtures.noise(10, 5)), 404);
        assertThat(tus.head(path).statusCode()).isEqualTo(404);
    }

    @Test
    void honoursTheMethodOverrideOfTheMiniProgram() {
        byte[] bytes = Fixtures.noise(40_000, 6);
        String path = tus.create(bytes.length, "voice.bin");
        HttpResponse<byte[]> first = tus.send(
                "POST",
                path,
                Arrays.copyOf(bytes, 10_000),
                "X-HTTP-Method-Override",
                "PATCH",
                "Content-Type",
                OCTETS,
                "Upload-Offset",
                "0");
        assertThat(first.statusCode()).isEqualTo(204);
        HttpResponse<byte[]> head = tus.send("POST", path, null, "X-HTTP-Method-Override", "HEAD");
        assertThat(head.headers().firstValue("Upload-Offset")).hasValue("10000");
        HttpResponse<byte[]> last = tus.send(
                "POST",
                path,
                Arrays.copyOfRange(bytes, 10_000, bytes.length),
                "X-HTTP-Method-Override",
                "PATCH",
                "Content-Type",
                OCTETS,
                "Upload-Offset",
                "10000");
        assertThat(last.statusCode()).isEqualTo(204);
        assertThat(assertOk(tus.send("GET", path, null), 200).get("sha256").asString())
                .isEqualTo(Sha256.hex(bytes));
        assertFails(tus.send("POST", path, null, "X-HTTP-Method-Override", "PUT"), 405);
    }

    @Test
    void checksumsEveryChunkAndDiscardsOneThatDoesNotMatch() throws Exception {
        byte[] bytes = Fixtures.noise(60_000, 7);
        String path = tus.create(bytes.length, "c.bin");
        byte[] first = Arrays.copyOf(bytes, 20_000);
        assertThat(tus.patch(path, 0, first, "Upload-Checksum", "sha1 " + digest("SHA-1", first))
                        .statusCode())
                .isEqualTo(204);
        byte[] second = Arrays.copyOfRange(bytes, 20_000, 40_000);
        HttpResponse<byte[]> wrong =
                tus.patch(path, 20_000, second, "Upload-Checksum", "sha1 " + digest("SHA-1", first));
        assertThat(assertFails(wrong, 460)).contains("Checksum", "discarded");
        assertThat(tus.offset(path)).isEqualTo(20_000);
        assertThat(tus.patch(path, 20_000, second, "Upload-Checksum", "sha256 " + digest("SHA-256", second))
                        .statusCode())
                .isEqualTo(204);
        byte[] third = Arrays.copyOfRange(bytes, 40_000, bytes.length);
        assertThat(tus.patch(path, 40_000, third, "Upload-Checksum", "sha256 " + digest("SHA-256", third))
                        .statusCode())
                .isEqualTo(204);
        assertThat(assertOk(tus.send("GET", path, null), 200).get("sha256").asString())
                .isEqualTo(Sha256.hex(bytes));
        assertFails(tus.patch(tus.create(10, "x"), 0, new byte[10], "Upload-Checksum", "crc32 AAAA"), 400);
        assertFails(tus.patch(tus.create(10, "x"), 0, new byte[10], "Upload-Checksum", "sha1 !!!"), 400);
    }

    @Test
    void keepsTheBytesOfAPatchCutHalfwayAndResumesFromThem() throws Exception {
        byte[] bytes = Fixtures.noise(1024 * 1024, 8);
        String path = tus.create(bytes.length, "cut.bin");
        try (RawHttp raw = new RawHttp(port)) {
            raw.writeHead("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\ntoken: "
                    + Tokens.user(user) + "\r\nContent-Type: " + OCTETS + "\r\nUpload-Offset: 0\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n");
            raw.write(Arrays.copyOf(bytes, 600 * 1024));
            Thread.sleep(300);
        }
        long offset = 0;
        for (int i = 0; i < 50 && offset == 0; i++) {
            Thread.sleep(100);
            offset = tus.offset(path);
        }
        assertThat(offset).isPositive().isLessThanOrEqualTo(600 * 1024);
        HttpResponse<byte[]> rest = tus.patch(path, offset, Arrays.copyOfRange(bytes, (int) offset, bytes.length));
        assertThat(rest.statusCode()).isEqualTo(204);
        assertThat(assertOk(tus.send("GET", path, null), 200).get("sha256").asString())
                .isEqualTo(Sha256.hex(bytes));
    }

    @Test
    void discardsTheUnverifiedBytesOfAChecksummedPatchWhoseProcessDied() throws Exception {
        byte[] bytes = Fixtures.noise(50_000, 12);
        String path = tus.create(bytes.length, "died.bin");
        assertThat(tus.patch(path, 0, Arrays.copyOf(bytes, 10_000)).statusCode())
                .isEqualTo(204);
        // What a process killed in the middle of a PATCH with Upload-Checksum leaves: bytes past the offset,
        // unverified.
        String id = path.substring(path.lastIndexOf('/') + 1);
        String key = jdbc.sql("SELECT storage_key FROM resumable_upload WHERE id = ?")
                .param(id)
                .query(String.class)
                .single();
        Path part = DATA_DIR.resolve("public/uploads/.cm-resumable")
                .resolve(Sha256.hex(key).substring(0, 40) + ".part");
        Files.write(part, Arrays.copyOfRange(bytes, 10_000, 20_000), StandardOpenOption.APPEND);
        jdbc.sql("UPDATE resumable_upload SET unverified = TRUE WHERE id = ?")
                .param(id)
                .update();
        assertThat(tus.offset(path)).isEqualTo(10_000);
        assertThat(sizeOf(part)).isEqualTo(10_000);
        // Without the mark, bytes a dying process wrote are counted in.
        Files.write(part, Arrays.copyOfRange(bytes, 10_000, 20_000), StandardOpenOption.APPEND);
        assertThat(tus.offset(path)).isEqualTo(20_000);
        assertThat(tus.patch(path, 20_000, Arrays.copyOfRange(bytes, 20_000, bytes.length))
                        .statusCode())
                .isEqualTo(204);
        assertThat(assertOk(tus.send("GET", path, null), 200).get("sha256").asString())
                .isEqualTo(Sha256.hex(bytes));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void refusesTooManyUnfinishedUploads() {
        for (int i = 0; i < 5; i++) {
            tus.create(1000, "p" + i);
        }
        String reason = assertFails(tus.send("POST", "/v1/uploads", null, "Upload-Length", "1000"), 429);
        assertThat(reason).contains("unfinished uploads");
    }

    @Test
    void keepsTheLimitOfUnfinishedUploadsExactUnderConcurrentCreations() throws Exception {
        List<Integer> statuses = ConcurrentCreations.of(List.of(tus), 12);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(5);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(7);
        assertThat(uploadRows()).isEqualTo(5);
    }

    @Test
    void sweepsExpiredUploadsWithEverythingTheyStored() {
        State before = state();
        long rows = uploadRows();
        String path = tus.create(100_000, "old.bin");
        assertThat(tus.patch(path, 0, Fixtures.noise(30_000, 9)).statusCode()).isEqualTo(204);
        expire(path);
        assertThat(tus.head(path).statusCode()).isEqualTo(410);
        assertThat(sweeper.sweep()).isGreaterThanOrEqualTo(1);
        assertNothingLeftBehind(before);
        assertThat(uploadRows()).isEqualTo(rows);
        assertThat(tus.head(path).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAnotherVersionOfTheProtocol() {
        String path = tus.create(10, "v");
        HttpResponse<byte[]> head = tus.send("HEAD", path, null, "Tus-Resumable", "0.2.2");
        assertThat(head.statusCode()).isEqualTo(412);
        assertThat(head.headers().firstValue("Tus-Version")).hasValue("1.0.0");
        assertFails(tus.send("POST", "/v1/uploads", null, "Tus-Resumable", "2.0.0", "Upload-Length", "5"), 412);
    }

    @Test
    void refusesPatchesWithoutTheRightOffsetOrType() {
        String path = tus.create(100, "o");
        assertFails(tus.send("PATCH", path, new byte[10], "Content-Type", OCTETS), 400); // no Upload-Offset
        assertFails(tus.patch(path, 5, new byte[10]), 409);
        assertFails(tus.send("PATCH", path, new byte[10], "Content-Type", OCTETS, "Upload-Offset", "-1"), 400);
        assertFails(tus.send("PATCH", path, new byte[10], "Content-Type", OCTETS, "Upload-Offset", "ten"), 400);
        assertFails(
                tus.send("PATCH", path, new byte[10], "Content-Type", "application/octet-stream", "Upload-Offset", "0"),
                415);
        assertFails(tus.patch(path, 0, new byte[101]), 413);
        assertThat(tus.offset(path)).isZero();
    }

    @Test
    void refusesBadLengthsAndMetadata() {
        assertFails(tus.send("POST", "/v1/uploads", null, "Upload-Length", "-5"), 400);
        assertFails(tus.send("POST", "/v1/uploads", null, "Upload-Length", "12abc"), 400);
        assertFails(tus.send("POST", "/v1/uploads", null, "Upload-Length", "99999999999999999999999"), 400);
        assertFails(tus.send("POST", "/v1/uploads", null), 400);
        assertFails(tus.send("POST", "/v1/uploads", null, "Upload-Length", "5", "Upload-Defer-Length", "1"), 400);
        assertFails(
                tus.send("POST", "/v1/uploads", null, "Upload-Length", "5", "Upload-Metadata", "filename %%%notbase64"),
                400);
        StringBuilder keys = new StringBuilder();
        for (int i = 0; keys.length() < 10_000; i++) {
            keys.append(i == 0 ? "" : ",").append("key").append(i).append(' ').append(TusClient.b64("v"));
        }
        assertFails(
                tus.send("POST", "/v1/uploads", null, "Upload-Length", "5", "Upload-Metadata", keys.toString()), 400);
    }

    @Test
    void hidesOneUsersUploadsFromAnother() {
        String path = tus.create(100, "mine");
        TusClient other = new TusClient("http://127.0.0.1:" + port, Tokens.user("someone-else"));
        assertThat(other.head(path).statusCode()).isEqualTo(404);
        assertFails(other.patch(path, 0, new byte[10]), 404);
        assertFails(other.send("DELETE", path, null), 404);
        assertFails(other.send("GET", path, null), 404);
        assertThat(tus.offset(path)).isZero();
        assertFails(new TusClient("http://127.0.0.1:" + port, null).patch(path, 0, new byte[10]), 401);
    }

    @Test
    void refusesIdsThatAreNotIds() {
        assertThat(tus.head("/v1/uploads/..%2F..%2Fetc").statusCode()).isEqualTo(400);
        assertThat(tus.head("/v1/uploads/abc%00def").statusCode()).isEqualTo(400);
        assertFails(tus.patch("/v1/uploads/%2E%2E", 0, new byte[1]), 400);
        assertFails(tus.patch("/v1/uploads/0123456789abcdef0123456789abcdeg", 0, new byte[1]), 404);
        assertFails(tus.send("DELETE", "/v1/uploads/..", null), 400);
    }

    @Test
    void exposesTheTusHeadersToBrowsers() {
        HttpResponse<byte[]> preflight = tus.send(
                "OPTIONS",
                "/v1/uploads/0123456789abcdef0123456789abcdef",
                null,
                "Origin",
                "https://h5.example.com",
                "Access-Control-Request-Method",
                "PATCH",
                "Access-Control-Request-Headers",
                "tus-resumable,upload-offset,content-type,upload-checksum,x-http-method-override");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Methods")
                        .orElseThrow())
                .contains("PATCH");
        String path = tus.create(100, "cors");
        HttpResponse<byte[]> head = tus.send("HEAD", path, null, "Origin", "https://h5.example.com");
        assertThat(head.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("Upload-Offset", "Location", "Upload-Length", "Tus-Resumable", "Upload-Expires");
    }

    private long uploadRows() {
        return jdbc.sql("SELECT COUNT(*) FROM resumable_upload WHERE owner_id = ?")
                .param(user)
                .query(Long.class)
                .single();
    }

    private void expire(String path) {
        jdbc.sql("UPDATE resumable_upload SET expires_at = 0 WHERE id = ?")
                .param(path.substring(path.lastIndexOf('/') + 1))
                .update();
    }

    private static String digest(String algorithm, byte[] bytes) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    /** A valid PNG followed by junk, to make a file of {@code size} bytes that still sniffs as PNG. */
    private static byte[] withPadding(byte[] png, int size) {
        byte[] out = Arrays.copyOf(png, size);
        byte[] noise = Fixtures.noise(size - png.length, 11);
        System.arraycopy(noise, 0, out, png.length, noise.length);
        return out;
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
