package io.chatmedia.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MediaApiFlowTest extends HttpFlowTest {

    private final String owner = Tokens.user("owner-1");

    @Test
    void uploadsMultipartAndAnswersTheMediaJson() throws Exception {
        byte[] jpeg = Fixtures.jpeg(32, 24);
        JsonNode media = assertOk(
                postMultipart(
                        "/v1/media",
                        owner,
                        Multipart.create().file("file", "holiday.JPG", "application/octet-stream", jpeg)),
                201);

        assertThat(media.get("id").asString()).matches("[0-9a-f]{32}");
        assertThat(media.get("kind").asString()).isEqualTo("image");
        assertThat(media.get("content_type").asString()).isEqualTo("image/jpeg");
        assertThat(media.get("size").asLong()).isEqualTo(jpeg.length);
        assertThat(media.get("sha256").asString()).isEqualTo(sha256(jpeg));
        assertThat(media.get("path").asString()).matches("media/\\d{8}/\\d{13}_[0-9a-f]{12}\\.jpg");
        assertThat(media.get("url").asString())
                .isEqualTo("/public/uploads/" + media.get("path").asString());
        assertThat(media.get("created_at").asString()).isNotBlank();
        assertThat(media.has("width")).isTrue();
        assertThat(media.has("duration_ms")).isTrue();
        assertThat(get(media.get("url").asString()).body()).isEqualTo(jpeg);

        JsonNode again = assertOk(get("/v1/media/" + media.get("id").asString()), 200);
        assertThat(again).isEqualTo(media);
    }

    @Test
    void uploadsARawBodyWithItsFileName() {
        byte[] bytes = Fixtures.noise(10_000, 5);
        JsonNode media = assertOk(post("/v1/media?filename=notes.BIN", owner, "application/octet-stream", bytes), 201);
        assertThat(media.get("kind").asString()).isEqualTo("file");
        assertThat(media.get("path").asString()).endsWith(".bin");
        assertThat(media.get("original_name").asString()).isEqualTo("notes.BIN");
        assertThat(get(media.get("url").asString()).body()).isEqualTo(bytes);
    }

    @Test
    void takesARawBodySentAsCurlsDefaultFormTypeWithoutParsingIt() {
        byte[] png = Fixtures.png(12, 12);
        JsonNode media = assertOk(
                post("/v1/media?filename=%E5%9B%BE.png", owner, "application/x-www-form-urlencoded", png), 201);
        assertThat(media.get("content_type").asString()).isEqualTo("image/png");
        assertThat(media.get("original_name").asString()).isEqualTo("图.png");
        assertThat(get(media.get("url").asString()).body()).isEqualTo(png);
    }

    @Test
    void onlyTheOwnerDeletesAndDeleteRemovesBlobAndRow() throws Exception {
        JsonNode media = assertOk(
                postMultipart(
                        "/v1/media",
                        owner,
                        Multipart.create().file("file", "a.png", "image/png", Fixtures.png(10, 10))),
                201);
        String id = media.get("id").asString();
        var file = DATA_DIR.resolve("public/uploads").resolve(media.get("path").asString());
        assertThat(file).exists();

        assertFails(delete("/v1/media/" + id, Tokens.user("someone-else")), 403);
        assertFails(delete("/v1/media/" + id, null), 401);
        assertThat(file).exists();

        assertOk(delete("/v1/media/" + id, owner), 200);
        assertThat(Files.exists(file)).isFalse();
        assertFails(get("/v1/media/" + id), 404);
        assertFails(get(media.get("url").asString()), 404);
        assertFails(delete("/v1/media/" + id, owner), 404);
    }

    @Test
    void answersUnknownIdsWith404() {
        assertFails(get("/v1/media/doesnotexist"), 404);
    }

    private HttpResponse<byte[]> delete(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).DELETE();
        if (token != null) {
            builder.header("token", token);
        }
        return send(builder.build());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
