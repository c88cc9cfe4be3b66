package io.chatmedia.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Contract §4 over HTTP: form and JSON bodies, own media by URL or path, the seed's messages, no SSRF. */
class VideoScreenshotFlowTest extends HttpFlowTest {

    private static final Path FIXTURES = Path.of("src/test/resources/video");
    private static final String ROUTE = "/api/chat/getVideoScreenshot";
    private final String token = Tokens.user("shot-user");
    private JsonNode video;

    @DynamicPropertySource
    static void allowLocalhostByName(DynamicPropertyRegistry registry) {
        // on the allow-list, yet refused at connect time: it resolves to loopback
        registry.add("chatmedia.fetch.allowed-hosts", () -> "localhost");
    }

    @BeforeEach
    void upload() throws Exception {
        byte[] mp4 = Files.readAllBytes(FIXTURES.resolve("h264-640x360-gop25.mp4"));
        video = assertOk(
                postMultipart("/v1/media", token, Multipart.create().file("file", "v.mp4", "video/mp4", mp4)), 201);
    }

    @Test
    void answersBase64AndAStoredUrlForAFormRequest() throws Exception {
        JsonNode data =
                assertOk(form("videoUrl=" + enc(video.get("url").asString()) + "&time=1500&width=320&format=png"), 200);
        assertThat(data.get("base64").asString()).startsWith("data:image/png;base64,");
        assertThat(data.get("url").asString())
                .matches("/public/uploads/Diy/VideoScreenshot/screenshot_\\d{13}_[0-9a-z]{6}\\.png");
        assertThat(data.get("format").asString()).isEqualTo("png");
        assertThat(data.get("time").asLong()).isEqualTo(1500);
        assertThat(data.get("width").asInt()).isEqualTo(320);
        byte[] png =
                Base64.getDecoder().decode(data.get("base64").asString().substring("data:image/png;base64,".length()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(180);
        HttpResponse<byte[]> served = get(data.get("url").asString());
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.body()).isEqualTo(png);
    }

    @Test
    void takesJsonAndOwnMediaByAbsoluteUrlOrBarePath() {
        String absolute = "http://127.0.0.1:" + port + video.get("url").asString();
        JsonNode byUrl = assertOk(json("{\"videoUrl\":\"" + absolute + "\",\"time\":20}"), 200);
        assertThat(byUrl.get("width").asInt()).isEqualTo(260);
        assertThat(byUrl.get("format").asString()).isEqualTo("png");
        JsonNode byPath = assertOk(
                json("{\"videoUrl\":\"" + video.get("path").asString() + "\",\"time\":\"0\",\"format\":\"jpg\"}"), 200);
        assertThat(byPath.get("base64").asString()).startsWith("data:image/jpg;base64,");
    }

    @Test
    void answersTheSeedsMessagesForBadParameters() {
        String url = enc(video.get("url").asString());
        assertThat(assertFails(form("time=20"), 400)).isEqualTo("视频地址不能为空");
        assertThat(assertFails(form("videoUrl=" + url), 400)).isEqualTo("时间点参数无效");
        assertThat(assertFails(form("videoUrl=" + url + "&time=-1"), 400)).isEqualTo("时间点参数无效");
        assertThat(assertFails(form("videoUrl=" + url + "&time=abc"), 400)).isEqualTo("时间点参数无效");
        assertThat(assertFails(form("videoUrl=" + url + "&time=20&width=0"), 400))
                .isEqualTo("图片宽度应在1-3840之间");
        assertThat(assertFails(form("videoUrl=" + url + "&time=20&width=3841"), 400))
                .isEqualTo("图片宽度应在1-3840之间");
        assertFails(
                post(
                        ROUTE,
                        null,
                        "application/x-www-form-urlencoded",
                        ("videoUrl=" + url + "&time=20").getBytes(StandardCharsets.UTF_8)),
                401);
    }

    @Test
    void answersAFailedGrabWithTheSeedsPrefix() throws Exception {
        byte[] text = Files.readAllBytes(FIXTURES.resolve("text.mp4"));
        JsonNode file = assertOk(
                postMultipart("/v1/media", token, Multipart.create().file("file", "t.mp4", "video/mp4", text)), 201);
        assertThat(assertFails(form("videoUrl=" + enc(file.get("url").asString()) + "&time=20"), 400))
                .startsWith("截图处理失败: ");
    }

    @Test
    void refusesImagesAndDerivedCoversAsSourcesAndAcceptsOurUrlsUnderAnyHostName() {
        JsonNode shot = assertOk(form("videoUrl=" + enc(video.get("url").asString()) + "&time=20"), 200);
        assertThat(assertFails(form("videoUrl=" + enc(shot.get("url").asString()) + "&time=20"), 400))
                .isEqualTo("截图处理失败: the file is not a video");
        assertThat(get(video.get("url").asString() + "?x-oss-process=video/snapshot,t_0,f_png")
                        .statusCode())
                .isEqualTo(200);
        String derived = "derived/" + video.get("id").asString() + "/x.png";
        assertThat(assertFails(form("videoUrl=" + enc(derived) + "&time=20"), 400))
                .startsWith("截图处理失败: ");
        String otherName = "http://localhost:" + port + video.get("url").asString();
        assertThat(assertOk(form("videoUrl=" + enc(otherName) + "&time=20"), 200)
                        .get("width")
                        .asInt())
                .isEqualTo(260);
        JsonNode narrow = assertOk(form("videoUrl=" + enc(video.get("url").asString()) + "&time=20&width=1000"), 200);
        assertThat(narrow.get("width").asInt())
                .as("a 640 px video keeps its own width")
                .isEqualTo(640);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "file:///etc/passwd",
                "concat:/etc/passwd",
                "subfile:,,start,0,end,0,,:/etc/passwd",
                "http://127.0.0.1:1/x.mp4",
                "http://[::1]/x.mp4",
                "http://169.254.169.254/latest/meta-data/",
                "http://localhost:1/x.mp4",
                "http://10.0.0.1/x.mp4",
                "https://example.com/x.mp4"
            })
    void neverLetsAForeignUrlReachFfmpegOrAPrivateAddress(String url) {
        HttpResponse<byte[]> response = form("videoUrl=" + enc(url) + "&time=20");
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isIn(400, 403);
        assertThat(json(response).get("msg").asString()).isEqualTo("fail");
    }

    private HttpResponse<byte[]> form(String body) {
        return post(ROUTE, token, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> json(String body) {
        return post(ROUTE, token, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
