package io.chatmedia.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.RawHttp;
import io.chatmedia.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad upload gets a clean envelope with its exact status, and leaves no file, row or temp file. */
class UploadBadInputFlowTest extends HttpFlowTest {

    private static final String DIY = "/api/chat/uploadStreamSingleToServerDiy/chatImgs";
    private final String token = Tokens.user("bad-input-user");

    @ParameterizedTest
    @ValueSource(strings = {DIY, "/api/chat/uploadAliyun", "/v1/media"})
    void refusesABodyWithoutAFilePart(String route) {
        State before = state();
        assertFails(postMultipart(route, token, Multipart.create().field("note", "no file here")), 400);
        assertNothingLeftBehind(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {DIY, "/v1/media"})
    void refusesTwoFilePartsAndRemovesTheFirst(String route) {
        State before = state();
        Multipart body = Multipart.create()
                .file("file", "a.png", "image/png", Fixtures.png(8, 8))
                .file("file", "b.png", "image/png", Fixtures.png(8, 8));
        assertThat(assertFails(postMultipart(route, token, body), 400)).contains("only one file");
        assertNothingLeftBehind(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {DIY, "/v1/media"})
    void refusesAnEmptyFile(String route) {
        State before = state();
        assertThat(assertFails(
                        postMultipart(
                                route, token, Multipart.create().file("file", "empty.png", "image/png", new byte[0])),
                        400))
                .contains("empty");
        assertNothingLeftBehind(before);
    }

    @Test
    void refusesAnEmptyRawBody() {
        State before = state();
        assertFails(post("/v1/media?filename=a.bin", token, "application/octet-stream", new byte[0]), 400);
        assertNothingLeftBehind(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {DIY, "/api/chat/uploadAliyun", "/v1/media"})
    void refusesABodyWithoutItsClosingBoundary(String route) {
        State before = state();
        String field = route.endsWith("uploadAliyun") ? "img" : "file";
        Multipart body =
                Multipart.create().file(field, "a.bin", "application/octet-stream", Fixtures.noise(300_000, 1));
        assertThat(assertFails(post(route, token, body.contentType(), body.bytesWithoutClosingBoundary()), 400))
                .contains("malformed");
        assertNothingLeftBehind(before);
    }

    @Test
    void refusesAMultipartTypeWithoutBoundary() {
        State before = state();
        assertFails(post(DIY, token, "multipart/form-data", Fixtures.png(4, 4)), 400);
        assertNothingLeftBehind(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/x-www-form-urlencoded", "image/png"})
    void refusesANonMultipartBodyOnTheSeedsRoutes(String type) {
        State before = state();
        assertFails(post(DIY, token, type, "{}".getBytes(StandardCharsets.UTF_8)), 415);
        assertFails(post("/api/chat/uploadAliyun", token, type, "{}".getBytes(StandardCharsets.UTF_8)), 415);
        assertNothingLeftBehind(before);
    }

    @Test
    void refusesAGuestOverTheGuestLimitBeforeReadingTheBody() throws Exception {
        State before = state();
        try (RawHttp raw = new RawHttp(port)) {
            raw.writeHead("POST " + DIY + " HTTP/1.1\r\nHost: 127.0.0.1\r\ntoken: " + Tokens.guest("big-guest")
                    + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: " + (GUEST_LIMIT * 2)
                    + "\r\n\r\n");
            String answer = raw.readAnswer();
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("\"msg\":\"fail\"");
            assertThat(raw.sent()).isZero();
        }
        assertNothingLeftBehind(before);
    }

    @Test
    void cutsAChunkedUploadAsSoonAsItCrossesTheLimit() throws Exception {
        State before = state();
        Multipart head = Multipart.create();
        String boundary = head.boundary();
        try (RawHttp raw = new RawHttp(port)) {
            raw.writeHead("POST " + DIY + " HTTP/1.1\r\nHost: 127.0.0.1\r\ntoken: " + Tokens.guest("chunky-guest")
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            raw.writeChunk(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\""
                            + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = Fixtures.noise(64 * 1024, 7);
            long offered = 50L * 1024 * 1024;
            while (raw.sent() < offered && !raw.answered() && raw.writeChunk(chunk)) {
                Thread.onSpinWait();
            }
            String answer = raw.readAnswer();
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("exceeds the upload limit");
            assertThat(raw.sent())
                    .as("bytes sent before the server cut the upload")
                    .isLessThan(offered / 2);
        }
        eventuallyNothingLeftBehind(before);
    }

    @Test
    void countsRefusedUploadsAsClientErrorsNeverAsServerErrors() throws Exception {
        double before = serverErrors();
        refusesAGuestOverTheGuestLimitBeforeReadingTheBody();
        cutsAChunkedUploadAsSoonAsItCrossesTheLimit();
        refusesTwoFilePartsAndRemovesTheFirst(DIY);
        Thread.sleep(200);
        assertThat(serverErrors()).isEqualTo(before);
    }

    private double serverErrors() {
        String metrics = new String(get("/actuator/prometheus").body(), StandardCharsets.UTF_8);
        return metrics.lines()
                .filter(line -> line.startsWith("chatmedia_errors_total{cause=\"server\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void refusesADeclaredLengthOverTheUserLimit() throws Exception {
        State before = state();
        try (RawHttp raw = new RawHttp(port)) {
            raw.writeHead("POST /v1/media?filename=huge.bin HTTP/1.1\r\nHost: 127.0.0.1\r\ntoken: " + token
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + (300L * 1024 * 1024)
                    + "\r\n\r\n");
            assertThat(raw.readAnswer()).startsWith("HTTP/1.1 413");
        }
        assertNothingLeftBehind(before);
    }

    @Test
    void leavesNothingWhenTheClientDisconnectsHalfwayThroughA100MbUpload() throws Exception {
        State before = state();
        Multipart start = Multipart.create();
        String boundary = start.boundary();
        byte[] partHead = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.mp4\""
                        + "\r\nContent-Type: video/mp4\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        long fileSize = 100L * 1024 * 1024;
        try (RawHttp raw = new RawHttp(port)) {
            raw.writeHead("POST " + DIY + " HTTP/1.1\r\nHost: 127.0.0.1\r\ntoken: " + token
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + (partHead.length + fileSize + tail.length) + "\r\n\r\n");
            raw.write(partHead);
            byte[] chunk = Fixtures.noise(256 * 1024, 3);
            while (raw.sent() < fileSize / 2) {
                assertThat(raw.write(chunk)).isTrue();
            }
            raw.abort();
        }
        eventuallyNothingLeftBehind(before);
    }

    @Test
    void recordsAnHtmlPageRenamedPngAsHtmlAndServesItAsASandboxedDownload() {
        String url = assertOk(
                        postMultipart(
                                DIY, token, Multipart.create().file("file", "cat.png", "image/png", Fixtures.html())),
                        200)
                .get("url")
                .asString();
        String key = url.substring("/public/uploads/".length());
        assertThat(jdbc.sql("SELECT content_type FROM media WHERE storage_key = ?")
                        .param(key)
                        .query(String.class)
                        .single())
                .isEqualTo("text/html");
        var served = get(url);
        assertThat(served.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment");
        assertThat(served.headers().firstValue("Content-Security-Policy")).hasValue("sandbox");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(served.headers().firstValue("Content-Type").orElseThrow()).doesNotStartWith("image/");
    }

    @Test
    void recordsAnSvgRenamedPngAsAFileAndNeverServesItInline() {
        var data = assertOk(
                postMultipart(
                        "/v1/media", token, Multipart.create().file("file", "logo.png", "image/png", Fixtures.svg())),
                201);
        assertThat(data.get("content_type").asString()).isEqualTo("image/svg+xml");
        assertThat(data.get("kind").asString()).isEqualTo("file");
        var served = get(data.get("url").asString());
        assertThat(served.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment");
        assertThat(served.headers().firstValue("Content-Security-Policy")).hasValue("sandbox");
    }
}
