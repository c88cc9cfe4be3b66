package io.chatmedia.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.TcpProxy;
import io.chatmedia.testsupport.TestNginx;
import io.chatmedia.testsupport.TestPostgres;
import io.chatmedia.testsupport.TestS3;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two ChatMedia JVMs on one PostgreSQL (a schema of this class's own) and one S3Proxy, behind nginx round-robin, as
 * README's "Running a cluster" describes: any node serves any upload, identical processing requests spread over the
 * nodes are computed once, and a node killed with {@code kill -9} while it holds a lease is taken over once the lease
 * expires, with nothing half-written left visible. The tests run in order: the last one kills node A.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterFlowTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);
    private static final Duration STALE_UPLOAD_AGE = Duration.ofSeconds(8);
    private static final Pattern COMPUTED =
            Pattern.compile("(?m)^chatmedia_derived_computed_total(?:\\{[^}]*})? (\\S+)$");

    private static TestS3 s3;
    private static String bucket;
    private static TestPostgres.Schema schema;
    private static JdbcClient db;
    private static ChildServer nodeA;
    private static ChildServer nodeB;
    private static TestNginx balancer;
    private static TcpProxy database;
    private static String token;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheCluster() throws Exception {
        Path work = Files.createDirectories(
                        Paths.get("target", "cluster-flow", Long.toString(System.currentTimeMillis())))
                .toAbsolutePath();
        s3 = TestS3.start();
        bucket = s3.newBucket();
        schema = TestPostgres.newSchema(ClusterFlowTest.class);
        db = JdbcClient.create(schema.dataSource());
        Matcher server = Pattern.compile("//([^:/]+):(\\d+)/").matcher(schema.jdbcUrl());
        assertThat(server.find()).isTrue();
        database = TcpProxy.start(server.group(1), Integer.parseInt(server.group(2)));
        String nodesUrl = server.replaceFirst("//127.0.0.1:" + database.port() + "/");
        String secret = HexFormat.of().formatHex(SecureRandom.getSeed(16));
        ExecutorService starting = Executors.newFixedThreadPool(2);
        try {
            Future<ChildServer> a = starting.submit(() -> node(work, "node-a", secret, nodesUrl));
            Future<ChildServer> b = starting.submit(() -> node(work, "node-b", secret, nodesUrl));
            nodeA = a.get();
            nodeB = b.get();
        } finally {
            starting.shutdown();
        }
        balancer = TestNginx.start(work.resolve("nginx"), List.of(hostPort(nodeA.base()), hostPort(nodeB.base())));
        token = nodeA.userToken("cluster-user");
        System.out.printf(
                "cluster: node-a %s (ready in %.1f s), node-b %s (%.1f s), nginx %s%n",
                nodeA.base(), nodeA.startupSeconds(), nodeB.base(), nodeB.startupSeconds(), balancer.base());
    }

    /** A node whose database connections go through {@link #database}, which a test cuts. */
    private static ChildServer node(Path work, String id, String secret, String databaseUrl) throws Exception {
        return ChildServer.in(Files.createDirectories(work.resolve(id)))
                .secret(secret)
                .args(
                        "--spring.datasource.url=" + databaseUrl,
                        "--chatmedia.cluster.node-id=" + id,
                        "--chatmedia.cluster.lease-ttl=" + LEASE_TTL.toMillis() + "ms",
                        "--chatmedia.process.deadline=60s",
                        "--chatmedia.storage.s3.endpoint=" + s3.endpoint(),
                        "--chatmedia.storage.s3.region=" + TestS3.REGION,
                        "--chatmedia.storage.s3.bucket=" + bucket,
                        "--chatmedia.storage.s3.access-key=" + TestS3.ACCESS_KEY,
                        "--chatmedia.storage.s3.secret-key=" + TestS3.SECRET_KEY,
                        "--chatmedia.storage.s3.path-style-access=true",
                        "--chatmedia.storage.s3.stale-upload-age=" + STALE_UPLOAD_AGE.toSeconds() + "s",
                        "--chatmedia.storage.s3.sweep-interval=2s",
                        "--chatmedia.limits.user-max-bytes=100MB")
                .start();
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {balancer, nodeA, nodeB, s3, database}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    @Order(1)
    void eachNodeShowsItsIdInReadinessAndInTheLeaseTable() throws Exception {
        assertThat(nodeA.request("GET", "/actuator/health/readiness").body()).contains("\"node-a\"");
        assertThat(nodeB.request("GET", "/actuator/health/readiness").body()).contains("\"node-b\"");
    }

    @Test
    @Order(2)
    void aDiyUploadThroughTheBalancerIsReadableThroughItTwentyTimesInARow() throws Exception {
        byte[] png = Fixtures.png(64, 48);
        String url = upload(balancer.base(), "chatImgs", "a.png", png);
        assertThat(url).startsWith("/public/uploads/Diy/chatImgs/");
        for (int i = 0; i < 20; i++) {
            HttpResponse<byte[]> read = get(balancer.base() + url);
            assertThat(read.statusCode()).as("read %d", i + 1).isEqualTo(200);
            assertThat(read.body()).isEqualTo(png);
        }
        Set<String> servedBy = new TreeSet<>();
        for (String line : balancer.accessLog()) {
            if (line.startsWith("GET " + url + " 200 ")) {
                servedBy.add(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertThat(servedBy).as("upstreams that served it").hasSize(2);
    }

    @Test
    @Order(3)
    void theSameNewProcessingRequestSentTenTimesAtOnceIsComputedOnce() throws Exception {
        String url = upload(balancer.base(), "chatImgs", "b.jpg", Fixtures.jpeg(1200, 900));
        double before = computedOnBothNodes();
        String processed = balancer.base() + url + "?x-oss-process=image/resize,w_321/format,webp";
        ExecutorService clients = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return get(processed);
                }));
            }
            go.countDown();
            byte[] first = null;
            for (Future<HttpResponse<byte[]>> answer : answers) {
                HttpResponse<byte[]> response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("image/webp");
                if (first == null) {
                    first = response.body();
                }
                assertThat(response.body()).isEqualTo(first);
            }
        } finally {
            clients.shutdownNow();
        }
        double computed = computedOnBothNodes() - before;
        System.out.printf("cluster: 10 identical requests at once, computed %.0f time(s)%n", computed);
        assertThat(computed).isEqualTo(1.0);
    }

    @Test
    @Order(4)
    void aRowWhoseObjectWasDeletedBehindChatMediasBackIsA404OnEveryNode() throws Exception {
        String url = upload(balancer.base(), "chatImgs", "c.png", Fixtures.png(10, 10));
        String key = url.substring("/public/uploads/".length());
        s3.client().deleteObject(r -> r.bucket(bucket).key(key));
        for (ChildServer node : List.of(nodeA, nodeB)) {
            ChildServer.Answer answer = node.request("GET", url);
            assertThat(answer.status()).isEqualTo(404);
            assertThat(JSON.readTree(answer.body()).get("msg").asString()).isEqualTo("fail");
            assertThat(node.request("GET", url + "?x-oss-process=image/resize,w_5")
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    @Order(5)
    void theStoreUnreachableAnswers503OnBothNodesAndBothRecoverWithoutARestart() throws Exception {
        s3.kill();
        try {
            for (ChildServer node : List.of(nodeA, nodeB)) {
                HttpResponse<byte[]> refused = post(node.base(), "chatImgs", "s.png", Fixtures.png(8, 8));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(refused.body()).get("data").asString())
                        .isEqualTo("上传失败: storage unavailable, try again later");
                awaitReadiness(node, 503, Duration.ofSeconds(20));
            }
        } finally {
            s3.restart();
        }
        for (ChildServer node : List.of(nodeA, nodeB)) {
            awaitReadiness(node, 200, Duration.ofSeconds(30));
        }
        upload(balancer.base(), "chatImgs", "back1.png", Fixtures.png(9, 9));
        upload(balancer.base(), "chatImgs", "back2.png", Fixtures.png(9, 9));
    }

    @Test
    @Order(6)
    void theDatabaseUnreachableForFiveSecondsAnswers503AndRecoversWithoutARestart() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<HttpResponse<byte[]>>> uploads = new ArrayList<>();
        List<Future<Integer>> readiness = new ArrayList<>();
        database.cut();
        long restoreAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            for (ChildServer node : List.of(nodeA, nodeB)) {
                readiness.add(clients.submit(
                        () -> node.request("GET", "/actuator/health/readiness").status()));
            }
            for (int c = 0; c < 4; c++) {
                int client = c;
                uploads.add(clients.submit(
                        () -> post(balancer.base(), "chatImgs", "db" + client + ".png", Fixtures.png(12, 12))));
            }
            for (Future<Integer> ready : readiness) {
                assertThat(ready.get(20, TimeUnit.SECONDS))
                        .as("readiness while the database is down")
                        .isEqualTo(503);
            }
            Thread.sleep(Math.max(0, (restoreAt - System.nanoTime()) / 1_000_000));
        } finally {
            database.restore();
        }
        int refused = 0;
        for (Future<HttpResponse<byte[]>> upload : uploads) {
            HttpResponse<byte[]> answer = upload.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isIn(200, 503);
            if (answer.statusCode() == 503) {
                refused++;
                JsonNode envelope = JSON.readTree(answer.body());
                assertThat(envelope.get("msg").asString()).isEqualTo("fail");
                assertThat(envelope.get("data").asString())
                        .isEqualTo("上传失败: the metadata database is busy or unavailable, try again later");
            }
        }
        clients.shutdownNow();
        assertThat(refused).as("uploads refused while the database was down").isPositive();
        for (ChildServer node : List.of(nodeA, nodeB)) {
            awaitReadiness(node, 200, Duration.ofSeconds(30));
        }
        byte[] png = Fixtures.png(13, 13);
        String url = upload(balancer.base(), "chatImgs", "after-db.png", png);
        assertThat(get(balancer.base() + url).body()).isEqualTo(png);
        upload(balancer.base(), "chatImgs", "after-db-2.png", png);
    }

    @Test
    @Order(7)
    void aNodeKilledWhileHoldingALeaseIsTakenOverAfterItExpiresAndLeavesNothingHalfWritten() throws Exception {
        String url = upload(balancer.base(), "chatImgs", "big.jpg", Fixtures.jpeg(3000, 2000));
        String heavy = url + "?x-oss-process=image/resize,w_2900/blur,r_50,s_50/format,png";

        // Node A has a large upload it will never finish under way, and starts the computation (asked directly).
        CountDownLatch halfSent = new CountDownLatch(1);
        CompletableFuture<Void> unfinished = CompletableFuture.runAsync(() -> uploadNeverFinished(halfSent));
        assertThat(halfSent.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> onA = CompletableFuture.supplyAsync(() -> statusQuietly(nodeA.base() + heavy));
        String owner = awaitLeaseOwner();
        assertThat(owner).isEqualTo("node-a");
        Duration remaining = leaseRemaining();
        long killedAt = System.nanoTime();
        nodeA.kill();
        assertThat(onA.get(10, TimeUnit.SECONDS)).as("node A's own answer").isEqualTo(-1);
        unfinished.get(10, TimeUnit.SECONDS);

        // The survivor takes the computation over once the dead node's lease expires, not before.
        double before = computedOn(nodeB);
        HttpResponse<byte[]> taken = get(balancer.base() + heavy);
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf(
                "cluster: node A killed with %d ms left on its lease; node B answered after %d ms%n",
                remaining.toMillis(), tookMillis);
        assertThat(taken.statusCode()).isEqualTo(200);
        assertThat(taken.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(tookMillis).isGreaterThanOrEqualTo(remaining.toMillis() - 200);
        assertThat(computedOn(nodeB) - before).isEqualTo(1.0);

        // Uploads through the balancer while A is dead land on the survivor and succeed.
        for (int i = 0; i < 6; i++) {
            byte[] png = Fixtures.png(20 + i, 20);
            String uploaded = upload(balancer.base(), "chatImgs", "during-" + i + ".png", png);
            assertThat(get(balancer.base() + uploaded).body()).isEqualTo(png);
        }

        // Nothing half-written: every row has its object, every object its row, and the multipart upload the dead
        // node left is aborted by the survivor's sweep once it is stale.
        assertEveryRowHasItsObjectAndEveryObjectItsRow();
        long deadline = System.nanoTime() + STALE_UPLOAD_AGE.plusSeconds(15).toNanos();
        while (!unfinishedUploads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(unfinishedUploads()).as("unfinished multipart uploads").isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private String upload(String base, String folder, String name, byte[] content) throws Exception {
        HttpResponse<byte[]> response = post(base, folder, name, content);
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        return JSON.readTree(response.body()).get("data").get("url").asString();
    }

    private HttpResponse<byte[]> post(String base, String folder, String name, byte[] content) throws Exception {
        Multipart body = Multipart.create().file("file", name, "application/octet-stream", content);
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/chat/uploadStreamSingleToServerDiy/" + folder))
                        .header("token", token)
                        .header("Content-Type", body.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void awaitReadiness(ChildServer node, int status, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = node.request("GET", "/actuator/health/readiness").status();
            if (last == status) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("readiness of " + node.base() + " stayed " + last + ", not " + status);
    }

    private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(90))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private int statusQuietly(String url) {
        try {
            return get(url).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1; // the node died under the request
        }
    }

    /** 12 MB announced, 9 MB sent straight to node A (past the first multipart part), then nothing more. */
    private void uploadNeverFinished(CountDownLatch halfSent) {
        try {
            Multipart body = Multipart.create()
                    .file("file", "never.bin", "application/octet-stream", Fixtures.noise(12 << 20, 7));
            byte[] bytes = body.bytes();
            HttpURLConnection connection = (HttpURLConnection)
                    new URL(nodeA.base() + "/api/chat/uploadStreamSingleToServerDiy/chatFiles").openConnection();
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("token", token);
            connection.setRequestProperty("Content-Type", body.contentType());
            connection.setFixedLengthStreamingMode(bytes.length);
            OutputStream out = connection.getOutputStream();
            out.write(bytes, 0, 9 << 20);
            out.flush();
            Thread.sleep(1500); // node A reads it and sends the first part to the store
            halfSent.countDown();
            while (nodeA.isAlive()) {
                Thread.sleep(100);
            }
            connection.disconnect();
        } catch (IOException | InterruptedException e) {
            halfSent.countDown();
        }
    }

    private static String awaitLeaseOwner() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<String> owners = db.sql("SELECT owner FROM lease WHERE name = 'derived'")
                    .query(String.class)
                    .list();
            if (!owners.isEmpty()) {
                return owners.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no derived lease was taken within 20 s");
    }

    private static Duration leaseRemaining() {
        return Duration.ofMillis(
                db.sql("SELECT expires_at - CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
                                + " FROM lease WHERE name = 'derived'")
                        .query(Long.class)
                        .single());
    }

    private void assertEveryRowHasItsObjectAndEveryObjectItsRow() {
        List<String> keys =
                db.sql("SELECT storage_key FROM media").query(String.class).list();
        List<String> ids = db.sql("SELECT id FROM media").query(String.class).list();
        List<String> objects = s3.client().listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
        for (String object : objects) {
            if (object.startsWith("derived/")) {
                assertThat(ids).as("the media of %s", object).contains(object.split("/")[1]);
            } else {
                assertThat(keys).as("a row for %s", object).contains(object);
            }
        }
        // the one row whose object a test deleted behind ChatMedia's back is the only one without its object
        assertThat(keys.stream().filter(key -> !objects.contains(key)).toList())
                .hasSize(1)
                .allMatch(key -> key.endsWith(".png"));
    }

    private List<String> unfinishedUploads() {
        return s3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads().stream()
                .map(upload -> upload.key())
                .toList();
    }

    private double computedOnBothNodes() throws IOException {
        return computedOn(nodeA) + computedOn(nodeB);
    }

    private static double computedOn(ChildServer node) throws IOException {
        String metrics = node.request("GET", "/actuator/prometheus").body();
        Matcher matcher = COMPUTED.matcher(metrics);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }

    private static String hostPort(String base) {
        return base.substring("http://".length());
    }
}
