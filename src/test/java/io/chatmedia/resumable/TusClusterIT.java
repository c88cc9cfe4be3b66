package io.chatmedia.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.system.Sha256;
import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.RawHttp;
import io.chatmedia.testsupport.TestPostgres;
import io.chatmedia.testsupport.TestS3;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two ChatMedia JVMs on one PostgreSQL database and one object store (S3Proxy), called directly (no load balancer:
 * the scale-out work's nginx cluster test is not merged yet). tus-java-client starts an upload on one node and
 * finishes it on the other; two PATCHes of the same upload at once on the two nodes: one wins, the other is refused
 * with 423, and the bytes stay right.
 */
class TusClusterIT {

    private static final int MIB = 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TestPostgres.Schema schema;
    private static ChildServer nodeA;
    private static ChildServer nodeB;
    private static Path work;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        work = Files.createTempDirectory("chatmedia-tus-cluster-");
        schema = TestPostgres.newSchema(TusClusterIT.class);
        TestS3 s3 = TestS3.shared();
        String bucket = s3.newBucket();
        byte[] secretBytes = new byte[32];
        new SecureRandom().nextBytes(secretBytes);
        String secret = HexFormat.of().formatHex(secretBytes);
        List<String> args = List.of(
                "--spring.datasource.url=" + schema.jdbcUrl(),
                "--chatmedia.storage.s3.endpoint=" + s3.endpoint(),
                "--chatmedia.storage.s3.region=" + TestS3.REGION,
                "--chatmedia.storage.s3.bucket=" + bucket,
                "--chatmedia.storage.s3.access-key=" + TestS3.ACCESS_KEY,
                "--chatmedia.storage.s3.secret-key=" + TestS3.SECRET_KEY,
                "--chatmedia.storage.s3.path-style-access=true");
        // Both nodes start at once: their starts are most of this class's time.
        ExecutorService starter = Executors.newSingleThreadExecutor();
        try {
            Future<ChildServer> b = starter.submit(() -> ChildServer.in(work.resolve("b"))
                    .secret(secret)
                    .args(args.toArray(String[]::new))
                    .start());
            try {
                nodeA = ChildServer.in(work.resolve("a"))
                        .secret(secret)
                        .args(args.toArray(String[]::new))
                        .start();
            } finally {
                nodeB = b.get();
            }
        } finally {
            starter.shutdown();
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (nodeA != null) {
            nodeA.stop();
        }
        if (nodeB != null) {
            nodeB.stop();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void tusJavaClientStartsOnOneNodeAndFinishesOnTheOther() throws Exception {
        byte[] bytes = Fixtures.noise(18 * MIB, 41);
        File file = work.resolve("clip.bin").toFile();
        Files.write(file.toPath(), bytes);
        String token = nodeA.userToken("java-user");

        io.tus.java.client.TusClient onA = client(nodeA, token);
        TusUpload upload = new TusUpload(file);
        upload.setMetadata(Map.of("filename", "clip.bin"));
        TusUploader first = onA.createUpload(upload);
        first.setRequestPayloadSize(5 * MIB);
        first.setChunkSize(MIB);
        while (first.getOffset() < 10 * MIB && first.uploadChunk() > -1) {
            // two PATCHes of 5 MiB on node A
        }
        first.finish(false);
        String path = first.getUploadURL().getPath();

        io.tus.java.client.TusClient onB = client(nodeB, token);
        TusUploader second = onB.beginOrResumeUploadFromURL(upload, new URL(nodeB.base() + path));
        assertThat(second.getOffset()).as("node B resumes where node A stopped").isEqualTo(10 * MIB);
        second.setRequestPayloadSize(5 * MIB);
        second.setChunkSize(MIB);
        while (second.uploadChunk() > -1) {
            // the rest on node B
        }
        second.finish();

        TusClient tus = new TusClient(nodeB.base(), token);
        var media = JSON.readTree(tus.send("GET", path, null).body()).get("data");
        assertThat(media.get("sha256").asString()).isEqualTo(Sha256.hex(bytes));
        var onNodeA = JSON.readTree(
                        nodeA.request("GET", "/v1/media/" + media.get("id").asString())
                                .body())
                .get("data");
        assertThat(onNodeA.get("size").asLong()).isEqualTo(bytes.length);
    }

    @Test
    void twoPatchesAtOnceOnTwoNodesOneWinsAndTheBytesStayRight() throws Exception {
        byte[] bytes = Fixtures.noise(8 * MIB, 42);
        String token = nodeA.userToken("racer");
        TusClient onA = new TusClient(nodeA.base(), token);
        TusClient onB = new TusClient(nodeB.base(), token);
        String path = onA.create(bytes.length, "race.bin");
        byte[] chunk = Arrays.copyOf(bytes, 6 * MIB);

        int portA = URI.create(nodeA.base()).getPort();
        try (RawHttp slow = new RawHttp(portA)) {
            slow.writeHead("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\ntoken: " + token
                    + "\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: "
                    + chunk.length + "\r\n\r\n");
            slow.write(Arrays.copyOf(chunk, MIB));
            Thread.sleep(1500); // node A has claimed the upload and is waiting for the rest

            HttpResponse<byte[]> rival = onB.patch(path, 0, chunk);
            assertThat(rival.statusCode()).as(new String(rival.body())).isIn(409, 423);

            slow.write(Arrays.copyOfRange(chunk, MIB, chunk.length));
            assertThat(slow.readAnswer()).startsWith("HTTP/1.1 204");
        }
        assertThat(onB.offset(path)).isEqualTo(chunk.length);
        assertThat(onB.patch(path, chunk.length, Arrays.copyOfRange(bytes, chunk.length, bytes.length))
                        .statusCode())
                .isEqualTo(204);
        var media = JSON.readTree(onA.send("GET", path, null).body()).get("data");
        assertThat(media.get("sha256").asString()).isEqualTo(Sha256.hex(bytes));
    }

    @Test
    void keepsTheLimitOfUnfinishedUploadsExactWhenBothNodesCreateAtOnce() throws Exception {
        String token = nodeA.userToken("many-at-once");
        List<Integer> statuses = ConcurrentCreations.of(
                List.of(new TusClient(nodeA.base(), token), new TusClient(nodeB.base(), token)), 12);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(5);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(7);
    }

    private static io.tus.java.client.TusClient client(ChildServer node, String token) throws Exception {
        io.tus.java.client.TusClient client = new io.tus.java.client.TusClient();
        client.setUploadCreationURL(new URL(node.base() + "/v1/uploads"));
        client.setHeaders(Map.of("token", token));
        return client;
    }
}
