package io.chatmedia.process.video;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Covers over HTTP in the seed's URL grammar, probing at upload, media info; fixtures in src/test/resources/video. */
class VideoCoverFlowTest extends HttpFlowTest {

    private static final Path FIXTURES = Path.of("src/test/resources/video");
    private final String token = Tokens.user("video-user");

    @Test
    void probesAVideoAtUploadAndAnswersItsCover() throws Exception {
        JsonNode media = upload("h264-640x360-gop25.mp4", "video/mp4");
        assertThat(media.get("kind").asString()).isEqualTo("video");
        assertThat(media.get("width").asInt()).isEqualTo(640);
        assertThat(media.get("height").asInt()).isEqualTo(360);
        assertThat(media.get("duration_ms").asLong()).isEqualTo(4000);
        assertThat(media.get("rotation").asInt()).isZero();
        assertThat(media.get("video_codec").asString()).isEqualTo("h264");
        assertThat(media.get("audio_codec").asString()).isEqualTo("aac");
        assertThat(media.get("has_audio").asBoolean()).isTrue();
        assertThat(media.get("fps").asDouble()).isEqualTo(25.0);
        assertThat(media.get("cover_url").asString())
                .startsWith(media.get("url").asString() + "?x-oss-process=");

        HttpResponse<byte[]> cover = get(media.get("cover_url").asString());
        assertThat(cover.statusCode()).isEqualTo(200);
        assertThat(cover.headers().firstValue("Content-Type")).hasValue("image/jpeg");

        String seed = media.get("url").asString() + "?x-oss-process=video/snapshot,t_1500,m_fast,w_260,f_png";
        HttpResponse<byte[]> first = get(seed);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(first.body()));
        assertThat(image.getWidth()).isEqualTo(260);
        assertThat(image.getHeight()).isEqualTo(146);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again =
                get(media.get("url").asString() + "?x-oss-process=video/snapshot,f_png,w_260,m_fast,t_1500");
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(get(seed, "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(derivedFilesOf(media.get("id").asString())).isEqualTo(2);
    }

    @Test
    void answersAPortraitPhoneVideoUpright() throws Exception {
        JsonNode media = upload("h264-portrait-rotate90.mp4", "video/mp4");
        assertThat(media.get("width").asInt()).isEqualTo(180);
        assertThat(media.get("height").asInt()).isEqualTo(320);
        assertThat(media.get("rotation").asInt()).isEqualTo(90);
        BufferedImage cover = ImageIO.read(new ByteArrayInputStream(
                get(media.get("url").asString() + "?x-oss-process=video/snapshot,t_400,ar_auto,f_png")
                        .body()));
        assertThat(cover.getWidth()).isEqualTo(180);
        assertThat(cover.getHeight()).isEqualTo(320);
    }

    @Test
    void answersVideoAndAudioInfo() throws Exception {
        JsonNode video = upload("vp9-320x180.webm", "video/webm");
        JsonNode info = json(get(video.get("url").asString() + "?x-oss-process=video/info"));
        assertThat(info.get("format").get("duration").asString()).isEqualTo("3.001");
        assertThat(info.get("streams").get(0).get("codec_name").asString()).isEqualTo("vp9");
        assertThat(info.get("streams").get(1).get("codec_name").asString()).isEqualTo("opus");
        assertThat(info.get("streams").get(0).get("avg_frame_rate").asString()).isEqualTo("25/1");
        JsonNode soundOfVideo = json(get(video.get("url").asString() + "?x-oss-process=audio/info"));
        assertThat(soundOfVideo.get("streams")).hasSize(1);
        assertThat(soundOfVideo.get("streams").get(0).get("codec_type").asString())
                .isEqualTo("audio");

        JsonNode audio = upload("audio-only.m4a", "audio/mp4");
        assertThat(audio.get("kind").asString()).isEqualTo("audio");
        assertThat(audio.get("duration_ms").asLong()).isEqualTo(2000);
        assertThat(audio.get("has_audio").asBoolean()).isTrue();
        assertThat(audio.get("cover_url").isNull()).isTrue();
        JsonNode audioInfo = json(get(audio.get("url").asString() + "?x-oss-process=audio/info"));
        assertThat(audioInfo.get("streams").get(0).get("codec_type").asString()).isEqualTo("audio");
        assertThat(assertFails(get(audio.get("url").asString() + "?x-oss-process=video/snapshot,t_0"), 400))
                .isEqualTo("video/snapshot: the file is not a video");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "t_-5;          video/snapshot: t must be a non-negative integer (ms)",
                "t_abc;         video/snapshot: t must be a non-negative integer (ms)",
                "t_0,w_3841;    video/snapshot: w must be at most 3840",
                "t_0,w_641;     video/snapshot: w must be at most the video's width (640)",
                "t_0,f_gif;     video/snapshot: f must be jpg or png",
                "t_0,ar_x;      video/snapshot: ar must be auto, h or w",
                "t_0,m_slow;    video/snapshot: m must be fast (or absent for the exact frame)",
            })
    void namesTheParameterAtFault(String parameters, String reason) throws Exception {
        JsonNode media = upload("h264-moov-at-end.mp4", "video/mp4");
        assertThat(assertFails(get(media.get("url").asString() + "?x-oss-process=video/snapshot," + parameters), 400))
                .isEqualTo(reason);
    }

    @Test
    void refusesUnknownActionsAndFilesThatAreNotVideos() throws Exception {
        JsonNode media = upload("h264-320x180.mov", "video/quicktime");
        assertThat(assertFails(get(media.get("url").asString() + "?x-oss-process=video/explode,t_0"), 400))
                .isEqualTo("x-oss-process: unknown video action 'explode'");
        JsonNode text = upload("text.mp4", "video/mp4");
        assertThat(assertFails(get(text.get("url").asString() + "?x-oss-process=video/snapshot,t_0"), 400))
                .isEqualTo("video/snapshot: the file is not a video");
        JsonNode truncated = upload("truncated.mp4", "video/mp4");
        assertFails(get(truncated.get("url").asString() + "?x-oss-process=video/snapshot,t_0"), 400);
        JsonNode huge = upload("huge-16384x16384.avi", "video/x-msvideo");
        assertFails(get(huge.get("url").asString() + "?x-oss-process=video/snapshot,t_0"), 400);
    }

    @Test
    void keepsOneCoverForEverySpellingOfTheSameRequest() throws Exception {
        JsonNode media = upload("mpeg4-320x180.avi", "video/x-msvideo");
        String url = media.get("url").asString() + "?x-oss-process=video/snapshot,";
        HttpResponse<byte[]> first = get(url + "t_100,f_jpg");
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        for (String spelling : List.of("t_100,f_jpeg", "t_100", "t_100,w_0,h_0,ar_auto", "f_JPG,t_100")) {
            HttpResponse<byte[]> again = get(url + spelling);
            assertThat(again.headers().firstValue("ETag")).as(spelling).hasValue(etag);
            assertThat(again.body()).as(spelling).isEqualTo(first.body());
        }
        assertThat(derivedFilesOf(media.get("id").asString())).isEqualTo(1);
    }

    @Test
    void deletesTheCoversWithTheVideo() throws Exception {
        JsonNode media = upload("mpeg4-320x180.avi", "video/x-msvideo");
        String id = media.get("id").asString();
        assertThat(get(media.get("url").asString() + "?x-oss-process=video/snapshot,t_100,f_jpg")
                        .statusCode())
                .isEqualTo(200);
        assertThat(derivedFilesOf(id)).isEqualTo(1);
        assertOk(
                send(HttpRequest.newBuilder(uri("/v1/media/" + id))
                        .header("token", token)
                        .DELETE()
                        .build()),
                200);
        assertThat(derivedFilesOf(id)).isZero();
    }

    private JsonNode upload(String fixture, String type) throws Exception {
        return assertOk(
                postMultipart(
                        "/v1/media",
                        token,
                        Multipart.create().file("file", fixture, type, Files.readAllBytes(FIXTURES.resolve(fixture)))),
                201);
    }
}
