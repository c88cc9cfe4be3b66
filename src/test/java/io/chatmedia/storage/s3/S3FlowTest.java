package io.chatmedia.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.TestS3;
import io.chatmedia.testsupport.Tokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.JsonNode;

/** The whole server with an object store (proxy mode): uploads land in the bucket, reads stream through ChatMedia. */
class S3FlowTest extends HttpFlowTest {

    private static final TestS3 S3 = TestS3.shared();
    private static final String BUCKET = S3.newBucket();

    private final String token = Tokens.user("s3-user");

    @DynamicPropertySource
    static void objectStore(DynamicPropertyRegistry registry) {
        S3.registerProperties(registry, BUCKET);
        registry.add("chatmedia.storage.s3.public-base-url", () -> "http://cdn.example.com/");
    }

    @Test
    void storesTheSeedsObjectUploadInTheBucketAndAnswersThePublicHttpsUrl() throws Exception {
        byte[] png = Fixtures.png(30, 20);
        JsonNode item = assertOk(
                        postMultipart(
                                "/api/chat/uploadAliyun?imageClassId=2",
                                token,
                                Multipart.create().file("img", "pic.png", "image/png", png)),
                        200)
                .get(0);
        String path = item.get("path").asString();
        assertThat(path).matches("images/\\d{8}/\\d{13}_[0-9a-f]{12}\\.png");
        assertThat(item.get("url").asString()).isEqualTo("https://cdn.example.com/" + path);
        assertThat(item.get("image_class_id").asLong()).isEqualTo(2);
        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(path)).asByteArray())
                .isEqualTo(png);
        assertThat(state().files()).noneMatch(file -> file.endsWith(path.substring(path.lastIndexOf('/') + 1)));
    }

    @Test
    void storesDiyUploadsInTheBucketUnderTheSeedsKeysSoEveryNodeServesThem() {
        byte[] png = Fixtures.png(4, 4);
        String url = assertOk(
                        postMultipart(
                                "/api/chat/uploadStreamSingleToServerDiy/chatImgs",
                                token,
                                Multipart.create().file("file", "a.png", "image/png", png)),
                        200)
                .get("url")
                .asString();
        assertThat(url).matches("/public/uploads/Diy/chatImgs/\\d{8}/\\d{13}_\\d{8}\\.png");
        String key = url.substring("/public/uploads/".length());
        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray())
                .isEqualTo(png);
        assertThat(DATA_DIR.resolve(url.substring(1))).doesNotExist();
        assertThat(get(url).body()).isEqualTo(png);
    }

    @Test
    void answersARecordedObjectDeletedFromTheBucketBehindItsBackWith404() {
        String url = assertOk(
                        postMultipart(
                                "/api/chat/uploadStreamSingleToServerDiy/chatImgs",
                                token,
                                Multipart.create().file("file", "gone.png", "image/png", Fixtures.png(8, 8))),
                        200)
                .get("url")
                .asString();
        String key = url.substring("/public/uploads/".length());
        S3.client().deleteObject(r -> r.bucket(BUCKET).key(key));
        assertThat(assertFails(get(url), 404)).isEqualTo("not found");
        assertThat(assertFails(get(url + "?x-oss-process=image/resize,w_4"), 404))
                .isEqualTo("not found");
        assertThat(head(url).statusCode()).isEqualTo(404);
    }

    @Test
    void servesSeedFilesCopiedIntoTheBucketWithoutARow() {
        byte[] png = Fixtures.png(6, 6);
        String key = "Diy/old/20240101/1704067200000_87654321.png";
        S3.client().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(png));
        HttpResponse<byte[]> response = get("/public/uploads/" + key);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(response.body()).isEqualTo(png);
    }

    @Test
    void servesObjectsOnItsOwnOriginWithRangesAndValidators() {
        byte[] bytes = Fixtures.noise(3 * 1024 * 1024, 21);
        JsonNode media = assertOk(post("/v1/media?filename=blob.bin", token, "application/octet-stream", bytes), 201);
        String url = media.get("url").asString();
        assertThat(url).isEqualTo("/public/uploads/" + media.get("path").asString());

        HttpResponse<byte[]> whole = get(url);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(bytes);
        String etag = whole.headers().firstValue("ETag").orElseThrow();
        assertThat(get(url, "If-None-Match", etag).statusCode()).isEqualTo(304);

        HttpResponse<byte[]> range = get(url, "Range", "bytes=1048576-1048675");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(bytes, 1_048_576, 1_048_676));
        assertThat(get(url, "Range", "bytes=0-1,10-11")
                        .headers()
                        .firstValue("Content-Type")
                        .orElseThrow())
                .startsWith("multipart/byteranges");
        assertFails(get(url, "Range", "bytes=999999999-"), 416);
    }

    @Test
    void deletesTheObjectFromTheBucket() {
        JsonNode media = assertOk(
                postMultipart(
                        "/v1/media", token, Multipart.create().file("file", "d.png", "image/png", Fixtures.png(5, 5))),
                201);
        String key = media.get("path").asString();
        assertThat(S3.client().listObjectsV2(r -> r.bucket(BUCKET).prefix(key)).contents())
                .hasSize(1);
        assertOk(
                send(HttpRequest.newBuilder(uri("/v1/media/" + media.get("id").asString()))
                        .header("token", token)
                        .DELETE()
                        .build()),
                200);
        assertThat(S3.client().listObjectsV2(r -> r.bucket(BUCKET).prefix(key)).contents())
                .isEmpty();
    }

    @Test
    void rendersVideoCoversFromTheBucketAndKeepsThemThere() throws Exception {
        byte[] mp4 = Files.readAllBytes(Path.of("src/test/resources/video/h264-moov-at-end.mp4"));
        JsonNode media = assertOk(
                postMultipart("/v1/media", token, Multipart.create().file("file", "v.mp4", "video/mp4", mp4)), 201);
        assertThat(media.get("width").asInt()).isEqualTo(640);
        assertThat(media.get("duration_ms").asLong()).isEqualTo(4000);
        HttpResponse<byte[]> cover =
                get(media.get("url").asString() + "?x-oss-process=video/snapshot,t_1500,w_260,f_png");
        assertThat(cover.statusCode()).isEqualTo(200);
        assertThat(cover.headers().firstValue("Content-Type")).hasValue("image/png");
        String prefix = "derived/" + media.get("id").asString() + "/";
        assertThat(S3.client()
                        .listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix))
                        .contents())
                .hasSize(1);
    }

    @Test
    void reportsTheObjectStoreReady() {
        // readiness also waits for the natives, loaded in the background after the start
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/actuator/health/readiness").statusCode() == 200);
        String readiness = new String(get("/actuator/health/readiness").body());
        assertThat(readiness).contains("\"status\":\"UP\"").contains("s3");
    }
}
