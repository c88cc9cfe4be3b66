package io.chatmedia.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.RawHttp;
import io.chatmedia.testsupport.Tokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class DiyUploadFlowTest extends HttpFlowTest {

    private static final String ROUTE = "/api/chat/uploadStreamSingleToServerDiy/";
    private final String token = Tokens.user("diy-user");

    @Test
    void storesUnderTheDiyFolderWithTheSeedsNamingAndServesIt() throws Exception {
        byte[] png = Fixtures.png(40, 30);
        HttpResponse<byte[]> response = postMultipart(
                ROUTE + "chatImgs", token, Multipart.create().file("file", "Photo.PNG", "image/png", png));

        JsonNode data = assertOk(response, 200);
        String url = data.get("url").asString();
        String today = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        assertThat(url).matches("/public/uploads/Diy/chatImgs/" + today + "/\\d{13}_\\d{8}\\.png");
        assertThat(Files.readAllBytes(DATA_DIR.resolve(url.substring(1)))).isEqualTo(png);

        HttpResponse<byte[]> served = get(url);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(png);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        String key = url.substring("/public/uploads/".length());
        assertThat(jdbc.sql("SELECT kind FROM media WHERE storage_key = ?")
                        .param(key)
                        .query(String.class)
                        .single())
                .isEqualTo("image");
    }

    @Test
    void guestsMayUploadToo() {
        HttpResponse<byte[]> response = postMultipart(
                ROUTE + "chatVideos",
                Tokens.guest("g-diy"),
                Multipart.create().file("file", "a.jpg", "image/jpeg", Fixtures.jpeg(16, 16)));
        assertThat(assertOk(response, 200).get("url").asString()).startsWith("/public/uploads/Diy/chatVideos/");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..",
                "%2e%2e",
                "%2E%2E",
                "a%2Fb",
                ".",
                "%E4%B8%AD",
                "a.b",
                "a%20b",
                "a;b",
                "chatImgs;jsessionid=1",
                "a%3Bb",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                ""
            })
    void refusesFolderNamesThatAreNotOneSafeSegment(String folder) throws Exception {
        State before = state();
        Multipart body = Multipart.create().file("file", "a.png", "image/png", Fixtures.png(4, 4));
        // a bare socket, so no client normalises the path before it reaches the server
        try (RawHttp raw = new RawHttp(port)) {
            byte[] bytes = body.bytes();
            raw.writeHead("POST " + ROUTE + folder + " HTTP/1.1\r\nHost: 127.0.0.1\r\ntoken: " + token
                    + "\r\nContent-Type: " + body.contentType() + "\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n");
            raw.write(bytes);
            String answer = raw.readAnswer();
            assertThat(answer).startsWith("HTTP/1.1 400");
            String answerBody = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            JsonNode envelope =
                    tools.jackson.databind.json.JsonMapper.builder().build().readTree(answerBody);
            assertThat(envelope.get("msg").asString()).isEqualTo("fail");
            assertThat(answerBody.indexOf("\"msg\""))
                    .as("exactly one envelope in %s", answerBody)
                    .isEqualTo(answerBody.lastIndexOf("\"msg\""));
        }
        assertNothingLeftBehind(before);
    }

    @Test
    void acceptsA64CharacterFolder() {
        String folder = "a".repeat(64);
        HttpResponse<byte[]> response = postMultipart(
                ROUTE + folder, token, Multipart.create().file("file", "a.png", "image/png", Fixtures.png(4, 4)));
        assertThat(assertOk(response, 200).get("url").asString()).contains("/Diy/" + folder + "/");
    }

    @Test
    void keepsNoExtensionWhenTheNameHasNone() {
        HttpResponse<byte[]> response = postMultipart(
                ROUTE + "files",
                token,
                Multipart.create().file("file", "README", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(assertOk(response, 200).get("url").asString()).matches(".*/\\d{13}_\\d{8}");
    }
}
