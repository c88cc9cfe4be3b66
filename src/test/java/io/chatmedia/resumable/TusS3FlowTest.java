package io.chatmedia.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.system.Sha256;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.RawHttp;
import io.chatmedia.testsupport.TestS3;
import io.chatmedia.testsupport.Tokens;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * tus 1.0 into an object store: parts of at least 5 MiB go up as they come, smaller tails as objects of their own
 * under {@code resumable/}; completion, termination and expiry leave no part, tail or row behind.
 */
class TusS3FlowTest extends HttpFlowTest {

    private static final TestS3 S3 = TestS3.shared();
    private static final String BUCKET = S3.newBucket();
    private static final int MIB = 1024 * 1024;

    @Autowired
    ExpirySweeper sweeper;

    @Autowired
    DigestCache digests;

    private TusClient tus;

    @DynamicPropertySource
    static void objectStore(DynamicPropertyRegistry registry) {
        S3.registerProperties(registry, BUCKET);
    }

    @BeforeEach
    void newUser() {
        tus = new TusClient("http://127.0.0.1:" + port, Tokens.user("s3-tus-" + System.nanoTime()));
    }

    @Test
    void assemblesPartsAndTailsIntoOneObject() {
        byte[] bytes = Fixtures.noise(12 * MIB, 21);
        String path = tus.create(bytes.length, "big.bin");
        assertThat(tus.patch(path, 0, Arrays.copyOf(bytes, 3 * MIB)).statusCode())
                .isEqualTo(204);
        assertThat(objectsUnder("resumable/"))
                .as("the small first chunk is kept as a tail")
                .isEqualTo(1);
        assertThat(tus.offset(path)).isEqualTo(3 * MIB);
        assertThat(tus.patch(path, 3 * MIB, Arrays.copyOfRange(bytes, 3 * MIB, 6 * MIB))
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<byte[]> last = tus.patch(path, 6 * MIB, Arrays.copyOfRange(bytes, 6 * MIB, bytes.length));
        assertThat(last.statusCode()).isEqualTo(204);
        JsonNode media = assertOk(tus.send("GET", path, null), 200);
        assertThat(media.get("sha256").asString()).isEqualTo(Sha256.hex(bytes));
        String key = media.get("path").asString();
        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray())
                .isEqualTo(bytes);
        assertThat(objectsUnder("resumable/")).isZero();
        assertThat(unfinishedMultipartUploads()).isZero();
    }

    @Test
    void discardsAChunkWhoseChecksumFailsAndKeepsTheTailItHad() throws Exception {
        byte[] bytes = Fixtures.noise(7 * MIB, 22);
        String path = tus.create(bytes.length, "sum.bin");
        byte[] first = Arrays.copyOf(bytes, 2 * MIB);
        assertThat(tus.patch(path, 0, first).statusCode()).isEqualTo(204);
        byte[] second = Arrays.copyOfRange(bytes, 2 * MIB, bytes.length);
        assertFails(tus.patch(path, 2 * MIB, second, "Upload-Checksum", "sha256 " + sha256(first)), 460);
        assertThat(tus.offset(path)).isEqualTo(2 * MIB);
        assertThat(tus.patch(path, 2 * MIB, second, "Upload-Checksum", "sha256 " + sha256(second))
                        .statusCode())
                .isEqualTo(204);
        assertThat(assertOk(tus.send("GET", path, null), 200).get("sha256").asString())
                .isEqualTo(Sha256.hex(bytes));
        assertThat(objectsUnder("resumable/")).isZero();
    }

    @Test
    void hashesTheFinishedObjectWhenNoNodeKeptTheRunningHash() {
        byte[] bytes = Fixtures.noise(9 * MIB, 25);
        String path = tus.create(bytes.length, "moved.bin");
        assertThat(tus.patch(path, 0, Arrays.copyOf(bytes, 6 * MIB)).statusCode())
                .isEqualTo(204);
        digests.forget(path.substring(path.lastIndexOf('/') + 1)); // as if another node or a restart took over
        assertThat(tus.patch(path, 6 * MIB, Arrays.copyOfRange(bytes, 6 * MIB, bytes.length))
                        .statusCode())
                .isEqualTo(204);
        assertThat(assertOk(tus.send("GET", path, null), 200).get("sha256").asString())
                .isEqualTo(Sha256.hex(bytes));
    }

    @Test
    void brokenPatchesKeepTheirLastPartAndTheRetryContinuesTheHash() throws Exception {
        byte[] bytes = Fixtures.noise(12 * MIB, 26);
        String path = tus.create(bytes.length, "cut.bin");
        try (RawHttp raw = new RawHttp(port)) {
            raw.writeHead("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\ntoken: "
                    + tus.token() + "\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0"
                    + "\r\nContent-Length: " + bytes.length + "\r\n\r\n");
            raw.write(Arrays.copyOf(bytes, 9 * MIB));
            long offset = 0;
            for (int i = 0; i < 100 && offset == 0; i++) {
                Thread.sleep(100); // the first 8 MiB part goes up while the rest is awaited
                offset = tus.offset(path);
            }
            assertThat(offset).as("the part stored before the connection broke").isEqualTo(8 * MIB);
            raw.abort();
        }
        awaitReleased(path);
        // a second request breaks before its first part is complete: nothing stored, the offset stays
        try (RawHttp raw = new RawHttp(port)) {
            raw.writeHead("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\ntoken: "
                    + tus.token() + "\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: "
                    + 8 * MIB + "\r\nContent-Length: " + 4 * MIB + "\r\n\r\n");
            raw.write(Arrays.copyOfRange(bytes, 8 * MIB, 9 * MIB));
            Thread.sleep(300);
            raw.abort();
        }
        awaitReleased(path);
        assertThat(tus.offset(path)).isEqualTo(8 * MIB);
        assertThat(tus.patch(path, 8 * MIB, Arrays.copyOfRange(bytes, 8 * MIB, bytes.length))
                        .statusCode())
                .isEqualTo(204);
        assertThat(assertOk(tus.send("GET", path, null), 200).get("sha256").asString())
                .isEqualTo(Sha256.hex(bytes));
    }

    @Test
    void terminationAndExpiryLeaveNoPartsTailsOrRows() {
        String terminated = tus.create(20 * MIB, "t.bin");
        tus.patch(terminated, 0, Fixtures.noise(6 * MIB + 100, 23));
        assertThat(unfinishedMultipartUploads()).isPositive();
        assertThat(tus.send("DELETE", terminated, null).statusCode()).isEqualTo(204);

        String expired = tus.create(20 * MIB, "e.bin");
        tus.patch(expired, 0, Fixtures.noise(MIB, 24));
        jdbc.sql("UPDATE resumable_upload SET expires_at = 0 WHERE id = ?")
                .param(expired.substring(expired.lastIndexOf('/') + 1))
                .update();
        assertThat(sweeper.sweep()).isGreaterThanOrEqualTo(1);

        assertThat(objectsUnder("resumable/")).isZero();
        assertThat(unfinishedMultipartUploads()).isZero();
        assertThat(tus.head(terminated).statusCode()).isEqualTo(404);
        assertThat(tus.head(expired).statusCode()).isEqualTo(404);
    }

    /** Waits until the broken request's claim is gone (its thread noticed the connection closed). */
    private void awaitReleased(String path) throws InterruptedException {
        String id = path.substring(path.lastIndexOf('/') + 1);
        for (int i = 0; i < 200; i++) {
            Long claimed = jdbc.sql("SELECT COUNT(*) FROM resumable_upload WHERE id = ? AND claim_token IS NOT NULL")
                    .param(id)
                    .query(Long.class)
                    .single();
            if (claimed == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the broken PATCH still holds upload " + id);
    }

    private long objectsUnder(String prefix) {
        return S3.client()
                .listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix))
                .contents()
                .size();
    }

    private long unfinishedMultipartUploads() {
        return S3.client().listMultipartUploads(r -> r.bucket(BUCKET)).uploads().size();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
