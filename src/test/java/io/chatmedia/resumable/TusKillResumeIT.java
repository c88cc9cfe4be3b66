package io.chatmedia.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.system.Sha256;
import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.TestS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * tus-js-client (npm, in Node) uploads 50 MB in 5 MiB chunks; at about 40 % the server's JVM is killed with SIGKILL
 * and started again on the same port, data dir and secret; the same client process resumes from the offset the new
 * process reports (not from zero) to a media item with the file's SHA-256. On the local disk and on S3 (S3Proxy).
 */
class TusKillResumeIT {

    private static final int SIZE = 50 * 1000 * 1000;
    private static final long CHUNK = 5L * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void resumesOnTheLocalDiskAfterTheServerWasKilled() throws Exception {
        killAndResume(List.of());
    }

    @Test
    void resumesOnAnObjectStoreAfterTheServerWasKilled() throws Exception {
        TestS3 s3 = TestS3.shared();
        String bucket = s3.newBucket();
        killAndResume(List.of(
                "--chatmedia.storage.s3.endpoint=" + s3.endpoint(),
                "--chatmedia.storage.s3.region=" + TestS3.REGION,
                "--chatmedia.storage.s3.bucket=" + bucket,
                "--chatmedia.storage.s3.access-key=" + TestS3.ACCESS_KEY,
                "--chatmedia.storage.s3.secret-key=" + TestS3.SECRET_KEY,
                "--chatmedia.storage.s3.path-style-access=true"));
    }

    private void killAndResume(List<String> args) throws Exception {
        byte[] bytes = Fixtures.noise(SIZE, 31);
        Path file = work.resolve("video.bin");
        Files.write(file, bytes);
        int port = ChildServer.anyFreePort();
        byte[] secretBytes = new byte[32];
        new SecureRandom().nextBytes(secretBytes);
        String secret = HexFormat.of().formatHex(secretBytes);

        ChildServer first = start(port, secret, args);
        String token = first.userToken("js-user");
        try (TusJsClient client = TusJsClient.start(first.base() + "/v1/uploads", token, file, CHUNK)) {
            client.await(
                    e -> e.get("event").asString().equals("progress")
                            && e.get("sent").asLong() >= SIZE * 4L / 10,
                    Duration.ofSeconds(60));
            first.kill();
            int killedAt = client.events().size();
            ChildServer second = start(port, secret, args);
            try {
                assertThat(client.waitFor(Duration.ofMinutes(2)))
                        .as("client exit; %s", client.events())
                        .isZero();
                List<JsonNode> after =
                        client.events().subList(killedAt, client.events().size());
                JsonNode head = after.stream()
                        .filter(e -> e.get("event").asString().equals("head")
                                && e.get("status").asInt() == 200)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no HEAD after the restart: " + after));
                long resumedAt = head.get("offset").asLong();
                assertThat(resumedAt)
                        .as("the offset the restarted server reports")
                        .isPositive();
                JsonNode firstPatch = after.stream()
                        .filter(e -> e.get("event").asString().equals("request")
                                && e.get("method").asString().equals("PATCH")
                                && after.indexOf(e) > after.indexOf(head))
                        .findFirst()
                        .orElseThrow();
                assertThat(firstPatch.get("offset").asLong()).isEqualTo(resumedAt);
                long sent = client.bytesAccepted();
                assertThat(sent)
                        .as("bytes stored by PATCHes in all (a restart from zero would store %d)", SIZE + resumedAt)
                        .isLessThanOrEqualTo(SIZE);
                String mediaId = client.events().stream()
                        .filter(e -> e.get("event").asString().equals("media"))
                        .findFirst()
                        .orElseThrow()
                        .get("mediaId")
                        .asString();
                ChildServer.Answer media = second.request("GET", "/v1/media/" + mediaId);
                assertThat(media.status()).isEqualTo(200);
                JsonNode item = JSON.readTree(media.body()).get("data");
                assertThat(item.get("sha256").asString()).isEqualTo(Sha256.hex(bytes));
                assertThat(item.get("size").asLong()).isEqualTo(SIZE);
                System.out.printf(
                        "kill -9 at %d%% sent; resumed at offset %d; %d bytes stored by answered PATCHes for a %d-byte file;"
                                + " starts %.1f s and %.1f s%n",
                        lastSentBefore(client.events(), killedAt) * 100 / SIZE,
                        resumedAt,
                        sent,
                        SIZE,
                        first.startupSeconds(),
                        second.startupSeconds());
            } finally {
                second.stop();
            }
        } finally {
            if (first.isAlive()) {
                first.kill();
            }
        }
    }

    private ChildServer start(int port, String secret, List<String> args) throws Exception {
        return ChildServer.in(work.resolve("server"))
                .port(port)
                .secret(secret)
                .args(args.toArray(String[]::new))
                .start();
    }

    private static long lastSentBefore(List<JsonNode> events, int index) {
        long sent = 0;
        for (JsonNode e : new ArrayList<>(events.subList(0, index))) {
            if (e.get("event").asString().equals("progress")) {
                sent = e.get("sent").asLong();
            }
        }
        return sent;
    }
}
