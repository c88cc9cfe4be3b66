package io.chatmedia.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AliyunUploadFlowTest extends HttpFlowTest {

    private final String token = Tokens.user("aliyun-user");

    @Test
    void answersTheSeedsShapeOnTheEmbeddedStore() {
        byte[] png = Fixtures.png(20, 10);
        long before = Instant.now().getEpochSecond();
        HttpResponse<byte[]> response = postMultipart(
                "/api/chat/uploadAliyun?imageClassId=7",
                token,
                Multipart.create().file("img", "x.PNG", "image/png", png));

        JsonNode data = assertOk(response, 200);
        assertThat(data.isArray()).isTrue();
        assertThat(data.size()).isEqualTo(1);
        JsonNode item = data.get(0);
        String today = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        String path = item.get("path").asString();
        assertThat(path).matches("images/" + today + "/\\d{13}_[0-9a-f]{12}\\.png");
        assertThat(item.get("url").asString())
                .as("absolute, as the seed's client loads it as it is")
                .isEqualTo("http://127.0.0.1:" + port + "/public/uploads/" + path);
        assertThat(item.get("image_class_id").asLong()).isEqualTo(7);
        assertThat(item.get("create_time").asLong())
                .isBetween(before, Instant.now().getEpochSecond());
        assertThat(get("/public/uploads/" + path).body()).isEqualTo(png);
    }

    @Test
    void takesTheClassIdFromEitherFormField() {
        JsonNode snake = assertOk(
                postMultipart(
                        "/api/chat/uploadAliyun",
                        token,
                        Multipart.create()
                                .field("image_class_id", "3")
                                .file("img", "a.png", "image/png", Fixtures.png(4, 4))),
                200);
        JsonNode camel = assertOk(
                postMultipart(
                        "/api/chat/uploadAliyun",
                        token,
                        Multipart.create()
                                .file("img", "a.png", "image/png", Fixtures.png(4, 4))
                                .field("imageClassId", "5")),
                200);
        JsonNode none = assertOk(
                postMultipart(
                        "/api/chat/uploadAliyun",
                        token,
                        Multipart.create().file("img", "a.png", "image/png", Fixtures.png(4, 4))),
                200);
        assertThat(snake.get(0).get("image_class_id").asLong()).isEqualTo(3);
        assertThat(camel.get(0).get("image_class_id").asLong()).isEqualTo(5);
        assertThat(none.get(0).get("image_class_id").asLong()).isZero();
    }

    @Test
    void refusesAFileUnderAnotherFieldWithTheSeedsMessage() {
        State before = state();
        HttpResponse<byte[]> response = postMultipart(
                "/api/chat/uploadAliyun",
                token,
                Multipart.create().file("file", "a.png", "image/png", Fixtures.png(4, 4)));
        assertThat(assertFails(response, 400)).isEqualTo("上传失败: Expected field 'img', but got 'file'");
        assertNothingLeftBehind(before);
    }

    @Test
    void honoursTheOriginAProxyForwards() {
        var response = send(HttpRequest.newBuilder(uri("/api/chat/uploadAliyun"))
                .header("token", token)
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "chat.example.com")
                .header("Content-Type", Multipart.create().contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                .build());
        assertFails(response, 400); // an empty body: only the status matters here
        Multipart body = Multipart.create().file("img", "p.png", "image/png", Fixtures.png(4, 4));
        JsonNode item = assertOk(
                        send(HttpRequest.newBuilder(uri("/api/chat/uploadAliyun"))
                                .header("token", token)
                                .header("X-Forwarded-Proto", "https")
                                .header("X-Forwarded-Host", "chat.example.com")
                                .header("Content-Type", body.contentType())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                                .build()),
                        200)
                .get(0);
        assertThat(item.get("url").asString()).startsWith("https://chat.example.com/public/uploads/images/");
    }

    @Test
    void refusesANonNumericClassIdAndKeepsNothing() {
        State before = state();
        HttpResponse<byte[]> response = postMultipart(
                "/api/chat/uploadAliyun",
                token,
                Multipart.create()
                        .file("img", "a.png", "image/png", Fixtures.png(4, 4))
                        .field("image_class_id", "abc"));
        assertThat(assertFails(response, 400)).startsWith("上传失败: ");
        assertNothingLeftBehind(before);
    }
}
