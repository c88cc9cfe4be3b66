package io.chatmedia.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.HostileVideos;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.RawHttp;
import io.chatmedia.testsupport.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hostile corpus of issue 14: requests an attacker or a careless client sends, each answered with a clean status
 * in the envelope (no 5xx but 503 for overload and 501 for an unsupported transfer coding, each with a reason that
 * names the problem), nothing left behind, and the server still serving. One row of the table is one test (or
 * one parameter); grow it with every new route.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileCorpusFlowTest extends HttpFlowTest {

    private final String token = Tokens.user("hostile-user");

    // --- malformed % escapes: every place that decodes a query parameter or a form field ---

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(
            strings = {
                "/public/uploads/{key}?v=%zz",
                "/public/uploads/{key}?x-oss-process=image/resize,w_%",
                "/public/uploads/{key}?x-oss-process=image/resize,w_%E4%B8",
                "/api/chat/groupQrcode/33?name=%E4%B8",
                "/api/chat/groupQrcode/33?type=H5&http=%zz",
                "/v1/config?token=%zz",
                "/v1/config?%zz=1",
                "/v1/media/x?token=%",
            })
    void aMalformedEscapeInAQueryIsA400NamingTheParameter(String target) throws Exception {
        String key = uploadPng(4, 4).get("path").asString();
        Answer answer = raw("GET " + target.replace("{key}", key) + " HTTP/1.1\r\nHost: x\r\ntoken: " + token
                + "\r\nConnection: close\r\n\r\n");
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.reason()).startsWith("invalid query string: parameter '");
        assertStillServing();
    }

    @ParameterizedTest(name = "POST {0}")
    @ValueSource(
            strings = {
                "/v1/media?filename=%zz.png",
                "/api/chat/uploadAliyun?imageClassId=%zz",
                "/api/chat/uploadAliyun?imageClassId=%",
                "/api/chat/uploadStreamSingleToServerDiy/chatImgs?x=%E4%B8",
            })
    void aMalformedEscapeOnAnUploadIsA400BeforeAnythingIsStored(String target) throws Exception {
        State before = state();
        Multipart body = Multipart.create()
                .file(target.contains("Aliyun") ? "img" : "file", "a.png", "image/png", Fixtures.png(8, 8));
        Answer answer = raw(
                "POST " + target + " HTTP/1.1\r\nHost: x\r\ntoken: " + token + "\r\nContent-Type: "
                        + body.contentType() + "\r\nContent-Length: " + body.bytes().length
                        + "\r\nConnection: close\r\n\r\n",
                body.bytes());
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.reason()).startsWith("invalid query string: parameter '");
        eventuallyNothingLeftBehind(before);
        assertStillServing();
    }

    @ParameterizedTest(name = "getVideoScreenshot videoUrl={0}")
    @ValueSource(strings = {"/public/uploads/%zz.mp4", "/public/uploads/a.mp4%", "/public/uploads/%E4%B8.mp4"})
    void aMalformedEscapeInAScreenshotFormOrJsonIsA400(String videoUrl) throws Exception {
        State before = state();
        byte[] form = ("videoUrl=" + videoUrl + "&time=20").getBytes(StandardCharsets.US_ASCII);
        Answer answer = raw(
                "POST /api/chat/getVideoScreenshot HTTP/1.1\r\nHost: x\r\ntoken: " + token
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length
                        + "\r\nConnection: close\r\n\r\n",
                form);
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.reason()).isNotBlank().doesNotContain("internal");
        HttpResponse<byte[]> json = post(
                "/api/chat/getVideoScreenshot",
                token,
                "application/json",
                ("{\"videoUrl\":\"" + videoUrl + "\",\"time\":20}").getBytes(StandardCharsets.UTF_8));
        assertThat(assertFails(json, json.statusCode())).isNotBlank();
        assertThat(json.statusCode()).isBetween(400, 499);
        assertNothingLeftBehind(before);
        assertStillServing();
    }

    // --- actions that allocate from their parameters ---

    @Test
    void aLongTextWatermarkAtSize1000IsA400NotAnOutOfMemoryError() throws Exception {
        String url = uploadPng(200, 100).get("url").asString();
        String text = b64("W".repeat(64));
        String reason = assertFails(get(url + "?x-oss-process=image/watermark,text_" + text + ",size_1000"), 400);
        assertThat(reason)
                .startsWith("image/watermark: the text mark would be ")
                .contains("over");
        assertStillServing();
    }

    @Test
    void aRotatedTextMarkIsCheckedAgainstTheLimitsBeforeItIsDrawn() throws Exception {
        String url = uploadPng(200, 100).get("url").asString();
        String text = b64("W".repeat(64));
        assertThat(assertFails(get(url + "?x-oss-process=image/watermark,text_" + text + ",size_400,rotate_45"), 400))
                .startsWith("image/watermark: the text mark");
        String big = b64("W".repeat(8));
        assertThat(assertFails(get(url + "?x-oss-process=image/watermark,text_" + big + ",size_1000,rotate_45"), 400))
                .startsWith("image/watermark: the text mark rotated 45° would be ");
        assertThat(get(url + "?x-oss-process=image/watermark,text_" + b64("ok") + ",size_40,rotate_45")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aThousandFrameGifOnABigScreenIsRefusedFromItsHeader() throws Exception {
        byte[] gif = gif(1000, 500, 500);
        assertThat(gif.length).isLessThan(30_000);
        String url = upload("frames.gif", "image/gif", gif).get("url").asString();
        assertThat(assertFails(get(url + "?x-oss-process=image/resize,w_10"), 400))
                .isEqualTo("image/resize: decoding the 500x500 image's 1000 frames needs 1908 MB of memory, over the"
                        + " 256 MB a job may use (chatmedia.process.image.max-job-memory)");
        assertStillServing();
    }

    @Test
    void aSmallPngOfHugeDimensionsIsRefusedBeforeDecoding() throws Exception {
        byte[] png = zeroPng(15000, 15000);
        assertThat(png.length).isLessThan(400_000);
        String url = upload("zeros.png", "image/png", png).get("url").asString();
        assertThat(assertFails(get(url + "?x-oss-process=image/resize,w_100"), 400))
                .startsWith("image/resize: decoding the 15000x15000 image needs ")
                .endsWith("a job may use (chatmedia.process.image.max-job-memory)");
        assertThat(assertFails(get(url + "?x-oss-process=image/average-hue"), 400))
                .startsWith("image/average-hue: decoding the 15000x15000 image needs ");
        assertStillServing();
    }

    @Test
    void aTinyJpegClaimingAHugeFrameIsDecodedReducedOrRefusedNeverA5xx() throws Exception {
        byte[] jpeg = Fixtures.jpeg(16, 16);
        int sof = sofOffset(jpeg);
        jpeg[sof + 5] = (byte) (8000 >> 8);
        jpeg[sof + 6] = (byte) (8000 & 0xFF);
        jpeg[sof + 7] = (byte) (29999 >> 8);
        jpeg[sof + 8] = (byte) (29999 & 0xFF);
        String url = upload("claims.jpg", "image/jpeg", jpeg).get("url").asString();
        HttpResponse<byte[]> small = get(url + "?x-oss-process=image/resize,w_100");
        assertThat(small.statusCode())
                .as(new String(small.body(), StandardCharsets.UTF_8))
                .isIn(200, 400);
        assertThat(assertFails(get(url + "?x-oss-process=image/rotate,1"), 400))
                .startsWith("image/rotate: decoding the 29999x8000 image needs ");
        assertStillServing();
    }

    @Test
    void aTiledOneByOneWatermarkFinishesQuickly() throws Exception {
        String url = uploadPng(800, 800).get("url").asString();
        String mark = b64(uploadPng(1, 1).get("path").asString());
        long start = System.nanoTime();
        HttpResponse<byte[]> tiled = get(url + "?x-oss-process=image/watermark,image_" + mark + ",fill_1,t_50");
        assertThat(tiled.statusCode())
                .as(new String(tiled.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("one layer composited once, not 640,000 tiles (was 30 s and a 503)")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void manySimultaneousInfosOnALargePngRunOnTheWorkersAndAllAnswer() throws Exception {
        String url = upload("noise.png", "image/png", noisePng(1600, 1200))
                .get("url")
                .asString();
        List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
        for (int i = 0; i < 48; i++) { // more than the 32 downloads one address may have in flight
            answers.add(http.sendAsync(
                    HttpRequest.newBuilder(uri(url + "?x-oss-process=image/info"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> answer : answers) {
            HttpResponse<byte[]> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode())
                    .as(new String(response.body(), StandardCharsets.UTF_8))
                    .isIn(200, 429, 503);
            if (response.statusCode() == 429) {
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            }
            if (response.statusCode() == 200) {
                assertThat(json(response).get("ImageWidth").get("value").asString())
                        .isEqualTo("1600");
            }
        }
        assertStillServing();
    }

    @Test
    void aTextWatermarkLeavesNoFontCopyInTheTempFolder() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        String url = uploadPng(200, 100).get("url").asString();
        assertThat(get(url + "?x-oss-process=image/watermark,text_" + b64("字体 font") + ",size_30")
                        .statusCode())
                .isEqualTo(200);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("+~JF"))
                            .filter(p -> modifiedAfter(p, start)))
                    .as("Java's temporary font copies")
                    .isEmpty();
        }
    }

    // --- claims and headers ---

    @Test
    void aRoleOfTheWrongTypeIsAnInvalidTokenNotAUser() {
        Algorithm key = Algorithm.HMAC256(Tokens.SECRET);
        String array = JWT.create()
                .withClaim("id", "g1")
                .withArrayClaim("role", new String[] {"guest"})
                .sign(key);
        assertThat(assertFails(get("/v1/config", "token", array), 401))
                .isEqualTo("invalid token: claim 'role' is not a string");
        String number = JWT.create().withClaim("id", "g1").withClaim("role", 2).sign(key);
        assertThat(assertFails(get("/v1/config", "token", number), 401))
                .isEqualTo("invalid token: claim 'role' is not a string");
        String objectId = JWT.create().withClaim("id", Map.of("a", 1)).sign(key);
        assertFails(get("/v1/config", "token", objectId), 401);
    }

    @ParameterizedTest(name = "Transfer-Encoding: {0}")
    @ValueSource(strings = {"gzip, chunked", "x-unknown", "br, chunked"})
    void anUnsupportedTransferCodingIsA501NamingIt(String codings) throws Exception {
        Answer answer = raw("POST /v1/media HTTP/1.1\r\nHost: x\r\ntoken: " + token + "\r\nTransfer-Encoding: "
                + codings + "\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertThat(answer.status()).as(answer.text()).isEqualTo(501);
        String first = codings.split(",")[0].trim();
        assertThat(answer.reason()).startsWith("unsupported Transfer-Encoding: " + first);
        assertStillServing();
    }

    // --- slow and greedy clients ---

    @Test
    void oneUserCannotHoldMoreThanTenUploadsFromManyAddresses() throws Exception {
        String greedy = Tokens.user("greedy");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress("127.0.0." + (20 + i), 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                socket.getOutputStream()
                        .write(("POST /v1/media?filename=held.bin HTTP/1.1\r\nHost: x\r\ntoken: " + greedy
                                        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\nab")
                                .getBytes(StandardCharsets.US_ASCII));
                held.add(socket);
            }
            Thread.sleep(500);
            HttpResponse<byte[]> eleventh =
                    post("/v1/media?filename=one.bin", greedy, "application/octet-stream", new byte[] {1, 2, 3});
            assertThat(assertFails(eleventh, 429))
                    .isEqualTo("too many uploads in progress: your 10 concurrent uploads are taken, retry later");
            assertThat(eleventh.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(post("/v1/media?filename=other.bin", token, "application/octet-stream", new byte[] {1})
                            .statusCode())
                    .as("another user")
                    .isEqualTo(201);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            Thread.sleep(100);
            status = post("/v1/media?filename=again.bin", greedy, "application/octet-stream", new byte[] {1})
                    .statusCode();
        } while (status == 429 && System.nanoTime() < deadline);
        assertThat(status).as("the slots are given back").isEqualTo(201);
    }

    // --- the voice routes: bad parameters of audio/convert and audio/waveform, on audio and on other kinds ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "audio/convert,f_exe",
                "audio/convert,f_",
                "audio/convert,ar_5",
                "audio/convert,ar_99999999999999999999",
                "audio/convert,ac_9",
                "audio/convert,ss_-1",
                "audio/convert,t_abc",
                "audio/convert,f_mp3,zz_1",
                "audio/waveform,n_0",
                "audio/waveform,n_5000",
                "audio/waveform,n_-1",
                "audio/waveform,n_1e9",
                "audio/info,x_1",
            })
    void aBadVoiceParameterIsA400NamingTheAction(String spec) throws Exception {
        String url = upload("v.m4a", "audio/mp4", resource("audio/sweep.m4a"))
                .get("url")
                .asString();
        HttpResponse<byte[]> answer = get(url + "?x-oss-process=" + spec);
        assertThat(assertFails(answer, 400)).contains(spec.substring(0, spec.indexOf(',')));
        String image = uploadPng(8, 8).get("url").asString();
        HttpResponse<byte[]> onImage = get(image + "?x-oss-process=" + spec);
        assertThat(onImage.statusCode())
                .as(new String(onImage.body(), StandardCharsets.UTF_8))
                .isBetween(400, 499);
        assertStillServing();
    }

    // --- video and audio headers that claim more than a job may decode (made by Debian's ffmpeg, then patched) ---

    @ParameterizedTest(name = "{0} claiming {1}x{2}")
    @CsvSource({
        "h264, 16384, 16384, over the limit of 8192 px a side",
        "hevc, 16384, 16384, over the limit of 8192 px a side",
        "vp9, 16384, 16384, over the limit of 8192 px a side",
        "av1, 16384, 16384, over the limit of 8192 px a side",
        "h264, 8192, 4320, a job may use (chatmedia.process.video.max-job-memory)",
        "hevc, 8192, 4320, a job may use (chatmedia.process.video.max-job-memory)",
        "vp9, 8192, 4320, a job may use (chatmedia.process.video.max-job-memory)",
        "av1, 8192, 4320, a job may use (chatmedia.process.video.max-job-memory)",
    })
    void aVideoHeaderOverTheLimitsIsA400NamingTheLimit(String codec, int width, int height, String limit)
            throws Exception {
        byte[] video = HostileVideos.claiming(HostileVideos.clip(codec, 64, 64), width, height);
        JsonNode media = upload(codec + ".mp4", "video/mp4", video);
        HttpResponse<byte[]> cover = get(media.get("url").asString() + "?x-oss-process=video/snapshot,t_0");
        assertThat(assertFails(cover, 400)).startsWith("video/snapshot: ").contains(limit);
        HttpResponse<byte[]> small =
                get(media.get("url").asString() + "?x-oss-process=video/snapshot,t_0,w_100,m_fast");
        assertThat(assertFails(small, 400)).contains(limit);
        assertStillServing();
    }

    @Test
    void anAudioHeaderClaimingHundredsOfChannelsIsA400NamingTheLimit() throws Exception {
        JsonNode media = upload("many.wav", "audio/wav", wav(300, 8000, 800));
        assertThat(media.get("kind").asString()).isEqualTo("audio");
        for (String spec : List.of("audio/convert,f_mp3", "audio/waveform")) {
            HttpResponse<byte[]> answer = get(media.get("url").asString() + "?x-oss-process=" + spec);
            assertThat(assertFails(answer, 400))
                    .startsWith(spec.substring(0, spec.indexOf(',') < 0 ? spec.length() : spec.indexOf(',')) + ": ")
                    .contains("decoding 300 channels")
                    .contains("(chatmedia.audio.max-job-memory)");
        }
        assertStillServing();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "audio/convert",
                "audio/convert,f_ogg,ss_1000",
                "audio/convert,f_wav,t_500",
                "audio/waveform,n_1000",
                "audio/info"
            })
    void aVideoWithABrokenSoundTrackIsStoredAndItsSoundIsA400(String spec) throws Exception {
        JsonNode video = upload("broken-sound.mp4", "video/mp4", resource("audio/video-broken-sound.mp4"));
        assertThat(video.get("kind").asString()).isEqualTo("video");
        HttpResponse<byte[]> answer = get(video.get("url").asString() + "?x-oss-process=" + spec);
        if (spec.equals("audio/info")) { // the header alone: it reads
            assertThat(answer.statusCode()).isEqualTo(200);
        } else {
            assertThat(assertFails(answer, 400)).contains("the audio is damaged");
        }
        assertStillServing();
    }

    /** Parts and bounds of a conversion long enough to be encoded in parts (8 s or more of a 20 s voice). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "audio/convert,ss_19990|200",
                "audio/convert,t_8000|200",
                "audio/convert,t_999999999|200",
                "audio/convert,ss_10000,t_8001|200",
                "audio/convert,ss_25000|400",
                "audio/convert,ss_999999999,t_8000|400",
                "audio/convert,f_m4a,ac_2,ar_8000|200",
            })
    void aLongVoiceConvertedAtItsBoundsAnswersCleanly(String request) throws Exception {
        String[] parts = request.split("\\|");
        Path ogg = Files.createTempFile("voice-20s", ".ogg");
        try {
            Process ffmpeg = new ProcessBuilder(
                            "ffmpeg",
                            "-v",
                            "error",
                            "-nostdin",
                            "-y",
                            "-f",
                            "lavfi",
                            "-i",
                            "aevalsrc=0.4*sin(2*PI*(250*t+8*sin(2*PI*0.5*t))):s=48000:d=20",
                            "-c:a",
                            "libopus",
                            "-b:a",
                            "32k",
                            ogg.toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(ffmpeg.waitFor()).isZero();
            String url = upload("voice.ogg", "audio/ogg", Files.readAllBytes(ogg))
                    .get("url")
                    .asString();
            HttpResponse<byte[]> answer = get(url + "?x-oss-process=" + parts[0]);
            if (parts[1].equals("200")) {
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body().length).isGreaterThan(100);
            } else {
                assertThat(assertFails(answer, 400)).startsWith("audio/convert: ss_");
            }
        } finally {
            Files.deleteIfExists(ogg);
        }
        assertStillServing();
    }

    // --- tus (/v1/uploads): bad and lying headers ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "POST /v1/uploads|Upload-Length: 10",
                "POST /v1/uploads|Tus-Resumable: 0.2.2|Upload-Length: 10",
                "POST /v1/uploads|Tus-Resumable: 1.0.0|Upload-Length: -1",
                "POST /v1/uploads|Tus-Resumable: 1.0.0|Upload-Length: abc",
                "POST /v1/uploads|Tus-Resumable: 1.0.0|Upload-Length: 99999999999999999999",
                "POST /v1/uploads|Tus-Resumable: 1.0.0|Upload-Length: 999999999999",
                "POST /v1/uploads|Tus-Resumable: 1.0.0",
                "POST /v1/uploads|Tus-Resumable: 1.0.0|Upload-Length: 10|Upload-Defer-Length: 1",
                "POST /v1/uploads|Tus-Resumable: 1.0.0|Upload-Defer-Length: 2",
                "POST /v1/uploads|Tus-Resumable: 1.0.0|Upload-Length: 10|Upload-Metadata: filename !!!",
                "POST /v1/uploads|Tus-Resumable: 1.0.0|Upload-Length: 10|Upload-Metadata: a b c d",
                "PATCH /v1/uploads/nope|Tus-Resumable: 1.0.0|Upload-Offset: 0"
                        + "|Content-Type: application/offset+octet-stream",
                "PATCH /v1/uploads/../media|Tus-Resumable: 1.0.0|Upload-Offset: 0",
                "HEAD /v1/uploads/nope|Tus-Resumable: 1.0.0",
                "DELETE /v1/uploads/nope|Tus-Resumable: 1.0.0",
                "{new}|Tus-Resumable: 1.0.0|Upload-Offset: 0|Content-Type: text/plain",
                "{new}|Tus-Resumable: 1.0.0|Upload-Offset: abc|Content-Type: application/offset+octet-stream",
                "{new}|Tus-Resumable: 1.0.0|Upload-Offset: 5|Content-Type: application/offset+octet-stream",
                "{new}|Tus-Resumable: 1.0.0|Upload-Offset: -1|Content-Type: application/offset+octet-stream",
                "{new}|Tus-Resumable: 1.0.0|Upload-Offset: 0|Content-Type: application/offset+octet-stream"
                        + "|Upload-Checksum: sha1 !!!",
                "{new}|Tus-Resumable: 1.0.0|Upload-Offset: 0|Content-Type: application/offset+octet-stream"
                        + "|Upload-Checksum: md99 AAAA",
                "{new}|Tus-Resumable: 1.0.0|Upload-Offset: 0|Content-Type: application/offset+octet-stream"
                        + "|Upload-Length: 11",
            })
    void aBadTusRequestIsA4xxAndLeavesNothingBehind(String request) throws Exception {
        String[] parts = request.split("\\|");
        String line = parts[0];
        if (line.equals("{new}")) {
            Answer created = raw(
                    "POST /v1/uploads HTTP/1.1\r\nHost: x\r\ntoken: " + token
                            + "\r\nTus-Resumable: 1.0.0\r\nUpload-Length: 10\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String location = created.header("Location");
            line = "PATCH " + location.substring(location.indexOf("/v1/uploads/"));
        }
        State before = state();
        byte[] body = line.startsWith("PATCH") ? "0123456789".getBytes(StandardCharsets.US_ASCII) : new byte[0];
        StringBuilder head = new StringBuilder(line + " HTTP/1.1\r\nHost: x\r\ntoken: " + token + "\r\n");
        for (int i = 1; i < parts.length; i++) {
            head.append(parts[i]).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        Answer answer = raw(head.toString(), body);
        assertThat(answer.status()).as(answer.text()).isBetween(400, 499);
        eventuallyNothingLeftBehind(before);
        if (parts[0].equals("{new}")) { // unfinished uploads are limited per client: end this one
            Answer ended = raw("DELETE " + line.substring("PATCH ".length()) + " HTTP/1.1\r\nHost: x\r\ntoken: " + token
                    + "\r\nTus-Resumable: 1.0.0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertThat(ended.status()).as(ended.text()).isEqualTo(204);
        }
        assertStillServing();
    }

    // --- the chat page's routes: GET / and its static files ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "200 GET /",
                "200 GET /index.html",
                "200 GET /app.js",
                "200 HEAD /app.css",
                "400 GET /?x=%zz",
                "400 GET /app.js?v=%E4%B8",
                "400 GET /..%2f..%2fetc/passwd",
                "400 GET /vendor/..%2f..%2fapplication.yml",
                "400 GET /%2e%2e/%2e%2e/etc/passwd",
                "400 GET /app.js;jsessionid=1",
                "404 GET /nope.js",
                "404 GET /vendor/nope.js",
                "404 GET /application.yml",
                "404 GET /WEB-INF/web.xml",
                "405 POST /app.js",
                "405 DELETE /",
            })
    void theChatPageRoutesAnswerCleanly(String request) throws Exception {
        int expected = Integer.parseInt(request.substring(0, 3));
        Answer answer = raw(request.substring(4) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                + "Range: bytes=999999999-\r\nConnection: close\r\n\r\n");
        assertThat(answer.status()).as(answer.text()).isIn(expected, expected == 200 ? 416 : expected);
        assertStillServing();
    }

    // --- helpers ---

    /** A 16-bit PCM WAV of {@code channels} channels and {@code frames} silent frames. */
    static byte[] wav(int channels, int rate, int frames) {
        int data = channels * 2 * frames;
        ByteBuffer wav = ByteBuffer.allocate(44 + data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data);
        wav.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        wav.putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * channels * 2);
        wav.putShort((short) (channels * 2)).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        return wav.array();
    }

    private static byte[] resource(String name) throws IOException {
        try (java.io.InputStream in = HostileCorpusFlowTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }

    private void assertStillServing() {
        JsonNode media = uploadPng(20, 10);
        assertThat(get(media.get("url").asString() + "?x-oss-process=image/resize,w_10")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    private JsonNode uploadPng(int width, int height) {
        return upload("p.png", "image/png", Fixtures.png(width, height));
    }

    private JsonNode upload(String name, String type, byte[] content) {
        return assertOk(postMultipart("/v1/media", token, Multipart.create().file("file", name, type, content)), 201);
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean modifiedAfter(Path path, Instant start) {
        try {
            return Files.getLastModifiedTime(path).toInstant().isAfter(start);
        } catch (IOException e) {
            return false;
        }
    }

    private Answer raw(String head) throws IOException {
        return raw(head, new byte[0]);
    }

    private Answer raw(String head, byte[] body) throws IOException {
        try (RawHttp connection = new RawHttp(port)) {
            connection.writeHead(head);
            connection.write(body);
            return new Answer(connection.readAnswer());
        }
    }

    /** A raw HTTP answer: its status and the envelope's reason. */
    record Answer(String text) {

        int status() {
            return Integer.parseInt(text.substring(9, 12));
        }

        String header(String name) {
            for (String line : text.substring(0, text.indexOf("\r\n\r\n")).split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith(name.toLowerCase(java.util.Locale.ROOT) + ":")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            throw new AssertionError("no " + name + " in " + text);
        }

        String reason() {
            String body = text.substring(text.indexOf("\r\n\r\n") + 4);
            JsonNode envelope = JsonMapper.shared().readTree(body);
            assertThat(envelope.get("msg").asString()).isEqualTo("fail");
            return envelope.get("data").asString();
        }
    }

    /** A GIF of {@code frames} 1×1 frames on a width × height screen. */
    static byte[] gif(int frames, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(
                new byte[] {(byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8), (byte) 0x80, 0, 0});
        out.writeBytes(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        for (int i = 0; i < frames; i++) {
            out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0, 1, 0, 0, 0});
            out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0});
            out.writeBytes(new byte[] {2, 2, 0x44, 1, 0});
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    /** A grey PNG of width × height zeros, deflated (a 15000×15000 one is about 220 KB). */
    static byte[] zeroPng(int width, int height) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9), 1 << 16)) {
            byte[] row = new byte[width + 1];
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        return png(width, height, 0, idat.toByteArray());
    }

    /** An RGB PNG of noise that does not compress (a few MB). */
    static byte[] noisePng(int width, int height) throws IOException {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        java.util.Random random = new Random(14);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(1))) {
            byte[] row = new byte[width * 3 + 1];
            for (int y = 0; y < height; y++) {
                random.nextBytes(row);
                row[0] = 0;
                z.write(row);
            }
        }
        return png(width, height, 2, idat.toByteArray());
    }

    private static byte[] png(int width, int height, int colourType, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(
                out,
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(width)
                        .putInt(height)
                        .put((byte) 8)
                        .put((byte) colourType)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array());
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The offset of the SOF0/SOF2 marker. */
    private static int sofOffset(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && ((jpeg[i + 1] & 0xFF) == 0xC0 || (jpeg[i + 1] & 0xFF) == 0xC2)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no SOF marker");
    }
}
