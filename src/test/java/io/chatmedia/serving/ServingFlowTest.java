package io.chatmedia.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServingFlowTest extends HttpFlowTest {

    private static final int SIZE = 100_000;
    private byte[] content;
    private String url;

    @BeforeEach
    void upload() {
        content = Fixtures.noise(SIZE, 11);
        // a real MP4 signature so it is served inline as video
        byte[] ftyp = {
            0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'
        };
        System.arraycopy(ftyp, 0, content, 0, ftyp.length);
        url = assertOk(
                        postMultipart(
                                "/api/chat/uploadStreamSingleToServerDiy/chatVideos",
                                Tokens.user("server"),
                                Multipart.create().file("file", "clip.mp4", "video/mp4", content)),
                        200)
                .get("url")
                .asString();
    }

    @Test
    void servesTheWholeObjectWithValidatorsAndSafeHeaders() {
        HttpResponse<byte[]> response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(SIZE));
        assertThat(response.headers().firstValue("ETag").orElseThrow()).matches("\"[0-9a-f]{32}\"");
        assertThat(response.headers().firstValue("Last-Modified")).isPresent();
        assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age");
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("inline");
    }

    @Test
    void answersHeadWithTheHeadersOnly() {
        HttpResponse<byte[]> response = head(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(SIZE));
        assertThat(response.headers().firstValue("ETag")).isPresent();
    }

    @Test
    void answersConditionalRequestsWith304() {
        HttpResponse<byte[]> first = get(url);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get(url, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get(url, "If-None-Match", "\"other\", " + etag).statusCode()).isEqualTo(304);
        assertThat(get(url, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(get(url, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get(url, "If-None-Match", "*").statusCode()).isEqualTo(304);
        assertThat(get(url, "If-Match", "\"other\"").statusCode()).isEqualTo(412);
        assertThat(get(url, "If-Match", etag).statusCode()).isEqualTo(200);
        assertThat(get(url, "If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")
                        .statusCode())
                .isEqualTo(412);
    }

    @Test
    void servesASingleRange() {
        HttpResponse<byte[]> response = get(url, "Range", "bytes=100-199");
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + SIZE);
        assertThat(response.headers().firstValue("Content-Length")).hasValue("100");
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
    }

    @Test
    void servesOpenEndedAndSuffixRanges() {
        HttpResponse<byte[]> open = get(url, "Range", "bytes=99990-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(content, 99_990, SIZE));
        HttpResponse<byte[]> suffix = get(url, "Range", "bytes=-5");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 99995-99999/" + SIZE);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, 99_995, SIZE));
        HttpResponse<byte[]> beyond = get(url, "Range", "bytes=99000-200000");
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes 99000-99999/" + SIZE);
    }

    @Test
    void servesMultipleRangesAsMultipartByteranges() {
        HttpResponse<byte[]> response = get(url, "Range", "bytes=0-9, 50-59");
        assertThat(response.statusCode()).isEqualTo(206);
        String type = response.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        String boundary = type.substring(type.indexOf('=') + 1);
        assertThat(response.headers().firstValueAsLong("Content-Length").orElseThrow())
                .isEqualTo(response.body().length);
        String body = new String(response.body(), StandardCharsets.ISO_8859_1);
        assertThat(body).contains("--" + boundary + "\r\nContent-Type: video/mp4\r\nContent-Range: bytes 0-9/" + SIZE);
        assertThat(body)
                .contains("Content-Range: bytes 50-59/" + SIZE + "\r\n\r\n"
                        + new String(Arrays.copyOfRange(content, 50, 60), StandardCharsets.ISO_8859_1));
        assertThat(body).endsWith("--" + boundary + "--\r\n");
    }

    @Test
    void answers416ForAnUnsatisfiableRange() {
        HttpResponse<byte[]> response = get(url, "Range", "bytes=999999999-");
        assertFails(response, 416);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);
    }

    @Test
    void ignoresAMalformedRangeAndServesTheWholeBody() {
        for (String malformed : new String[] {"bytes=abc", "bytes=10-5", "items=0-5", "bytes=", "bytes=--5"}) {
            HttpResponse<byte[]> response = get(url, "Range", malformed);
            assertThat(response.statusCode()).as(malformed).isEqualTo(200);
            assertThat(response.body()).isEqualTo(content);
        }
    }

    @Test
    void ignoresTheRangeWhenIfRangeDoesNotMatch() {
        assertThat(get(url, "Range", "bytes=0-9", "If-Range", "\"stale\"").statusCode())
                .isEqualTo(200);
        String etag = get(url).headers().firstValue("ETag").orElseThrow();
        assertThat(get(url, "Range", "bytes=0-9", "If-Range", etag).statusCode())
                .isEqualTo(206);
    }

    @Test
    void servesFilesCopiedOverFromTheSeedsFolderWithoutARow() throws Exception {
        Path legacy = DATA_DIR.resolve("public/uploads/Diy/old/20240101/1704067200000_12345678.png");
        Files.createDirectories(legacy.getParent());
        byte[] png = Fixtures.png(6, 6);
        Files.write(legacy, png);
        HttpResponse<byte[]> response = get("/public/uploads/Diy/old/20240101/1704067200000_12345678.png");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(response.body()).isEqualTo(png);
        assertThat(get("/public/uploads/Diy/old/20240101/1704067200000_12345678.png", "Range", "bytes=0-3")
                        .statusCode())
                .isEqualTo(206);
    }

    @Test
    void answersMissingObjectsWith404() {
        assertFails(get("/public/uploads/Diy/none/x.png"), 404);
        assertFails(get("/public/uploads/"), 404);
        assertFails(get("/public/uploads"), 404);
    }

    @Test
    void answersARecordedObjectWhoseBytesWereDeletedBehindItsBackWith404() throws Exception {
        byte[] png = Fixtures.png(40, 30);
        String image = assertOk(
                        postMultipart(
                                "/api/chat/uploadStreamSingleToServerDiy/chatImgs",
                                Tokens.user("server"),
                                Multipart.create().file("file", "gone.png", "image/png", png)),
                        200)
                .get("url")
                .asString();
        Files.delete(DATA_DIR.resolve(image.substring(1)));
        assertThat(assertFails(get(image), 404)).isEqualTo("not found");
        assertThat(assertFails(get(image, "Range", "bytes=0-3"), 404)).isEqualTo("not found");
        assertThat(assertFails(get(image + "?x-oss-process=image/resize,w_10"), 404))
                .isEqualTo("not found");
        assertThat(head(image).statusCode()).isEqualTo(404);
    }

    @Test
    void answersBrowserPreflightsForAnyOrigin() {
        var preflight = send(HttpRequest.newBuilder(uri("/api/chat/uploadAliyun"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "token")
                .build());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("http://localhost:8080");
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElseThrow())
                .containsIgnoringCase("token");
        var read = get(url, "Origin", "http://localhost:8080");
        assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
                .contains("Content-Range");
    }

    @Test
    void refusesProcessingItCannotDoRatherThanServingTheOriginal() {
        assertThat(assertFails(get(url + "?x-oss-process=image/resize,w_10"), 400))
                .isEqualTo("image/resize: the file is not an image");
        assertThat(assertFails(get(url + "?x-oss-process=doc/preview"), 400)).startsWith("x-oss-process: unknown kind");
    }
}
