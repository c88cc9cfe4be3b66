package io.chatmedia.process.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Image processing over HTTP in OSS's grammar: probing at upload, geometry, orientation and privacy, animation, the
 * cache, styles and every bad input of the issue. Fixtures in src/test/resources/image (see its README).
 */
class ImageProcessingFlowTest extends HttpFlowTest {

    private static final Path FIXTURES = Path.of("src/test/resources/image");
    private final String token = Tokens.user("image-user");

    @Test
    void probesImagesAtUpload() throws Exception {
        JsonNode photo = upload("photo.jpg", "image/jpeg");
        assertThat(photo.get("width").asInt()).isEqualTo(1200);
        assertThat(photo.get("height").asInt()).isEqualTo(800);
        assertThat(photo.get("animated").asBoolean()).isFalse();
        assertThat(photo.get("frame_count").asInt()).isEqualTo(1);
        JsonNode rotated = upload("exif-rotated.jpg", "image/jpeg");
        assertThat(rotated.get("width").asInt()).isEqualTo(400);
        assertThat(rotated.get("height").asInt()).isEqualTo(600);
        JsonNode gif = upload("animated.gif", "image/gif");
        assertThat(gif.get("animated").asBoolean()).isTrue();
        assertThat(gif.get("frame_count").asInt()).isEqualTo(12);
        JsonNode webp = upload("animated.webp", "image/webp");
        assertThat(webp.get("animated").asBoolean()).isTrue();
        assertThat(webp.get("frame_count").asInt()).isEqualTo(12);
        assertThat(json(get("/v1/media/" + gif.get("id").asString(), "token", token))
                        .get("data")
                        .get("frame_count")
                        .asInt())
                .isEqualTo(12);
    }

    @Test
    void readsIphoneHeicAndWritesAvif() throws Exception {
        JsonNode grid = uploadBytes("grid.heic", "image/heic", Files.readAllBytes(FIXTURES.resolve("grid.heic")));
        assertThat(grid.get("width").asInt()).isEqualTo(1200);
        assertThat(grid.get("height").asInt()).isEqualTo(800);
        HttpResponse<byte[]> thumbnail = get(grid.get("url").asString() + "?x-oss-process=image/resize,w_300");
        assertThat(thumbnail.headers().firstValue("Content-Type"))
                .as("HEIC answers JPEG by default")
                .hasValue("image/jpeg");
        assertThat(image(thumbnail).getHeight()).isEqualTo(200);
        JsonNode photo = upload("photo.jpg", "image/jpeg");
        HttpResponse<byte[]> avif = get(photo.get("url").asString() + "?x-oss-process=image/resize,w_320/format,avif");
        assertThat(avif.statusCode()).isEqualTo(200);
        assertThat(avif.headers().firstValue("Content-Type")).hasValue("image/avif");
        assertThat(new String(avif.body(), 4, 8, StandardCharsets.ISO_8859_1)).isEqualTo("ftypavif");
        JsonNode back = uploadBytes("back.avif", "image/avif", avif.body());
        assertThat(back.get("width").asInt()).isEqualTo(320);
        assertThat(image(get(back.get("url").asString() + "?x-oss-process=image/format,png"))
                        .getHeight())
                .isEqualTo(213);
    }

    @ParameterizedTest(name = "{0} -> {1}x{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "resize,m_lfit,w_150,h_80|150|75",
                "resize,m_mfit,w_150,h_80|160|80",
                "resize,m_fill,w_150,h_80|150|80",
                "resize,m_pad,w_150,h_80|150|80",
                "resize,m_fixed,w_150,h_80|150|80",
                "crop,w_50,h_40,g_se|50|40",
                "circle,r_30|61|61",
                "indexcrop,x_60,i_3|20|100",
                "rotate,90|100|200",
                "rounded-corners,r_20|200|100",
            })
    void reproducesOssGeometryOnA200x100Image(String process, int width, int height) throws Exception {
        JsonNode media = uploadBytes("oss-example.png", "image/png", png(200, 100, Color.ORANGE));
        HttpResponse<byte[]> answer = get(media.get("url").asString() + "?x-oss-process=image/" + process);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer.body()));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }

    @Test
    void padFillsWithTheColourAndCircleCornersAreTransparent() throws Exception {
        JsonNode media = uploadBytes("orange.png", "image/png", png(200, 100, Color.ORANGE));
        BufferedImage padded =
                image(get(media.get("url").asString() + "?x-oss-process=image/resize,m_pad,w_100,h_100,color_0000FF"));
        assertThat(padded.getRGB(50, 2) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(padded.getRGB(50, 50) & 0xFFFFFF).isEqualTo(Color.ORANGE.getRGB() & 0xFFFFFF);
        BufferedImage circle = image(get(media.get("url").asString() + "?x-oss-process=image/circle,r_40"));
        assertThat(circle.getRGB(0, 0) >>> 24).isZero();
        assertThat(circle.getRGB(40, 40) >>> 24).isEqualTo(255);
        BufferedImage flattened =
                image(get(media.get("url").asString() + "?x-oss-process=image/circle,r_40/format,jpg"));
        int corner = flattened.getRGB(0, 0);
        assertThat(Math.min(Math.min((corner >> 16) & 0xFF, (corner >> 8) & 0xFF), corner & 0xFF))
                .as("white within JPEG's error")
                .isGreaterThan(235);
    }

    @Test
    void appliesExifOrientationAndStripsAllMetadata() throws Exception {
        JsonNode media = upload("exif-rotated.jpg", "image/jpeg");
        String url = media.get("url").asString();
        assertThat(new String(Files.readAllBytes(FIXTURES.resolve("exif-rotated.jpg")), StandardCharsets.ISO_8859_1))
                .contains("Exif");
        HttpResponse<byte[]> upright = get(url + "?x-oss-process=image/resize,w_200");
        BufferedImage image = image(upright);
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(300);
        assertThat(app1Segments(upright.body())).isZero();
        assertThat(new String(upright.body(), StandardCharsets.ISO_8859_1))
                .doesNotContain("Exif", "GPS", "http://ns.adobe.com");
        BufferedImage stored = image(get(url + "?x-oss-process=image/auto-orient,0/resize,w_300"));
        assertThat(stored.getWidth()).isEqualTo(300);
        assertThat(stored.getHeight()).isEqualTo(200);
        for (String format : new String[] {"png", "webp", "tiff"}) {
            byte[] converted =
                    get(url + "?x-oss-process=image/format," + format).body();
            assertThat(new String(converted, StandardCharsets.ISO_8859_1))
                    .as(format)
                    .doesNotContain("Exif", "GPS");
        }
    }

    @Test
    void convertsPixelsOfAnotherColourProfileToSrgb() throws Exception {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        BufferedImage grey = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 32, 32);
        g.dispose();
        ImageIO.write(grey, "jpg", jpeg);
        byte[] plain = jpeg.toByteArray();
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        ByteArrayOutputStream tagged = new ByteArrayOutputStream();
        tagged.write(plain, 0, 2);
        int length = 2 + 14 + profile.length;
        tagged.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
        tagged.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1));
        tagged.writeBytes(new byte[] {1, 1});
        tagged.writeBytes(profile);
        tagged.write(plain, 2, plain.length - 2);
        JsonNode linear = uploadBytes("linear.jpg", "image/jpeg", tagged.toByteArray());
        JsonNode srgb = uploadBytes("srgb.jpg", "image/jpeg", plain);
        int converted = image(get(linear.get("url").asString() + "?x-oss-process=image/format,png"))
                        .getRGB(16, 16)
                & 0xFF;
        int untouched = image(get(srgb.get("url").asString() + "?x-oss-process=image/format,png"))
                        .getRGB(16, 16)
                & 0xFF;
        assertThat(untouched).isBetween(126, 130);
        assertThat(converted).as("linear 0.5 is sRGB 0.735").isBetween(184, 192);
    }

    @Test
    void infoIsOssShapedWithoutGpsByDefault() throws Exception {
        JsonNode media = upload("exif-rotated.jpg", "image/jpeg");
        HttpResponse<byte[]> answer = get(media.get("url").asString() + "?x-oss-process=image/info");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode info = json(answer);
        assertThat(info.get("Format").get("value").asString()).isEqualTo("jpg");
        assertThat(info.get("ImageWidth").get("value").asString()).isEqualTo("600");
        assertThat(info.get("ImageHeight").get("value").asString()).isEqualTo("400");
        assertThat(info.get("Orientation").get("value").asString()).isEqualTo("6");
        assertThat(info.get("FrameCount").get("value").asString()).isEqualTo("1");
        assertThat(info.get("FileSize").get("value").asString())
                .isEqualTo(Long.toString(Files.size(FIXTURES.resolve("exif-rotated.jpg"))));
        assertThat(info.has("DateTimeOriginal")).isTrue();
        info.propertyNames().forEach(name -> assertThat(name).doesNotStartWith("GPS"));
    }

    @Test
    void averageHueIsTheMeanColour() throws Exception {
        JsonNode media = uploadBytes("teal.png", "image/png", png(64, 32, new Color(0x12, 0x80, 0x80)));
        JsonNode hue = json(get(media.get("url").asString() + "?x-oss-process=image/average-hue"));
        assertThat(hue.get("RGB").asString()).isEqualTo("0x128080");
    }

    @Test
    void animationsStayAnimatedThroughResizeCropAndFormat() throws Exception {
        JsonNode gif = upload("animated.gif", "image/gif");
        HttpResponse<byte[]> small = get(gif.get("url").asString() + "?x-oss-process=image/resize,w_80/crop,w_60,h_40");
        assertThat(small.headers().firstValue("Content-Type")).hasValue("image/gif");
        assertThat(gifFrames(small.body())).isEqualTo(12);
        BufferedImage first = image(small);
        assertThat(first.getWidth()).isEqualTo(60);
        assertThat(first.getHeight()).isEqualTo(40);
        byte[] webp = get(gif.get("url").asString() + "?x-oss-process=image/resize,w_80/format,webp")
                .body();
        assertThat(countChunks(webp, "ANMF")).isEqualTo(12);
        HttpResponse<byte[]> grown = get(gif.get("url").asString() + "?x-oss-process=image/resize,w_400,limit_0");
        assertThat(image(grown).getWidth()).as("animations only shrink").isEqualTo(160);
        JsonNode animatedWebp = upload("animated.webp", "image/webp");
        byte[] webpSmall = get(animatedWebp.get("url").asString() + "?x-oss-process=image/resize,w_80")
                .body();
        assertThat(countChunks(webpSmall, "ANMF")).isEqualTo(12);
        byte[] toGif = get(animatedWebp.get("url").asString() + "?x-oss-process=image/format,gif")
                .body();
        assertThat(gifFrames(toGif)).isEqualTo(12);
    }

    @Test
    void resultsAreCachedServedWithValidatorsAndDeletedWithTheirImage() throws Exception {
        JsonNode media = upload("photo.jpg", "image/jpeg");
        String url = media.get("url").asString();
        HttpResponse<byte[]> first = get(url + "?x-oss-process=image/resize,w_300/quality,Q_70");
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> respelt = get(url + "?x-oss-process=image/resize,m_lfit,w_300,limit_1/quality,Q_70");
        assertThat(respelt.headers().firstValue("ETag")).hasValue(etag);
        assertThat(respelt.body()).isEqualTo(first.body());
        assertThat(get(url + "?x-oss-process=image/resize,w_300/quality,Q_70", "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(304);
        HttpResponse<byte[]> ranged = get(url + "?x-oss-process=image/resize,w_300/quality,Q_70", "Range", "bytes=0-9");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).hasSize(10);
        String id = media.get("id").asString();
        assertThat(derivedFilesOf(id)).isEqualTo(1);
        assertOk(
                send(HttpRequest.newBuilder(uri("/v1/media/" + id))
                        .header("token", token)
                        .DELETE()
                        .build()),
                200);
        assertThat(derivedFilesOf(id)).isZero();
    }

    @Test
    void qualityAndInterlaceChangeTheJpeg() throws Exception {
        JsonNode media = upload("photo.jpg", "image/jpeg");
        String url = media.get("url").asString();
        byte[] high = get(url + "?x-oss-process=image/quality,Q_90").body();
        byte[] low = get(url + "?x-oss-process=image/quality,Q_20").body();
        assertThat(low.length).isLessThan(high.length / 2);
        byte[] relative = get(url + "?x-oss-process=image/quality,q_50").body();
        assertThat(relative.length).isLessThan(high.length);
        byte[] progressive = get(url + "?x-oss-process=image/interlace,1").body();
        assertThat(hasMarker(progressive, 0xC2)).isTrue();
        assertThat(hasMarker(high, 0xC2)).isFalse();
    }

    @Test
    void watermarksWithTextAndWithAnImageFromTheStore() throws Exception {
        JsonNode photo = upload("photo.jpg", "image/jpeg");
        JsonNode logo = upload("alpha.png", "image/png");
        String url = photo.get("url").asString();
        BufferedImage plain = image(get(url + "?x-oss-process=image/resize,w_400"));
        String text = b64("水印 ChatMedia");
        BufferedImage withText = image(get(url + "?x-oss-process=image/resize,w_400/watermark,text_" + text
                + ",size_30,color_FF0000,g_center,t_100"));
        assertThat(withText.getWidth()).isEqualTo(400);
        assertThat(differingPixels(plain, withText)).isBetween(200, 400 * 267 / 4);
        String key = logo.get("path").asString();
        HttpResponse<byte[]> withImage = get(url + "?x-oss-process=image/resize,w_400/watermark,image_"
                + b64(key + "?x-oss-process=image/resize,P_20") + ",g_nw,t_80");
        assertThat(withImage.statusCode()).isEqualTo(200);
        BufferedImage marked = image(withImage);
        assertThat(differingPixels(plain, marked)).isGreaterThan(500);
        assertThat(marked.getRGB(390, 260)).isEqualTo(plain.getRGB(390, 260));
        JsonNode blank = uploadBytes("blank.png", "image/png", png(300, 200, Color.WHITE));
        BufferedImage tiled = image(get(blank.get("url").asString() + "?x-oss-process=image/watermark,text_"
                + b64("ChatMedia") + ",size_20,fill_1,padx_20,pady_20"));
        BufferedImage white = image(get(blank.get("url").asString() + "?x-oss-process=image/format,png"));
        assertThat(differingPixels(white.getSubimage(0, 0, 150, 100), tiled.getSubimage(0, 0, 150, 100)))
                .as("tiles in the top-left quarter")
                .isGreaterThan(100);
        assertThat(differingPixels(white.getSubimage(150, 100, 150, 100), tiled.getSubimage(150, 100, 150, 100)))
                .as("and in the bottom-right quarter")
                .isGreaterThan(100);
    }

    @Test
    void stylesComeFromConfiguration() throws Exception {
        JsonNode photo = upload("photo.jpg", "image/jpeg");
        HttpResponse<byte[]> styled = get(photo.get("url").asString() + "?x-oss-process=style/thumb");
        assertThat(styled.statusCode()).isEqualTo(200);
        assertThat(styled.headers().firstValue("Content-Type")).hasValue("image/webp");
        assertThat(assertFails(get(photo.get("url").asString() + "?x-oss-process=style/nope"), 404))
                .isEqualTo("style/nope: no such style");
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "truncated.jpg|image/resize,w_100|400|image/resize: the JPEG is truncated (no end-of-image marker)",
                "bad-crc.png|image/resize,w_100|400|image/resize: the png data is damaged",
                "bomb.png|image/resize,w_100|400|image/resize: the source is 100000x100000, over 30000 px a side",
                "not-an-image.txt|image/resize,w_100|400|image/resize: the file is not an image",
                "photo.jpg|image/resize,w_0|400|image/resize: w must be an integer in [1,16384] (got 0)",
                "photo.jpg|image/resize,w_99999|400|image/resize: w must be an integer in [1,16384] (got 99999)",
                "photo.jpg|image/resize,m_bogus,w_100|400|image/resize: m must be one of fill, fixed, lfit, mfit, pad (got 'bogus')",
                "photo.jpg|image/crop,x_1200,y_10|400|image/crop: the start point (1200,10) is outside the 1200x800 image",
                "photo.jpg|image/rotate,400|400|image/rotate: the angle must be an integer in [0,360] (got 400)",
                "photo.jpg|image/format,exe|400|image/format: 'exe' is not one of jpg, png, webp, gif, bmp, tiff, avif",
                "photo.jpg|image/watermark,text_5rC0@5Y2w|400|image/watermark: text must be URL-safe Base64 of UTF-8 text (got '5rC0@5Y2w')",
                "photo.jpg|image/watermark,image_bm8vc3VjaC5wbmc|400|image/watermark: the watermark image 'no/such.png' does not exist",
                "photo.jpg|image/info/resize,w_10|400|image/info: cannot be chained with other actions",
                "photo.jpg|style/no-such-style|404|style/no-such-style: no such style",
                "photo.jpg|image/resize,w_16384,h_16384,m_fixed,limit_0|400|image/resize: the result 16384x16384 is over 16777216 pixels",
            })
    void refusesBadInputsCleanlyAndKeepsServing(String fixture, String process, int status, String message)
            throws Exception {
        String type = fixture.endsWith(".txt") ? "text/plain" : fixture.endsWith(".png") ? "image/png" : "image/jpeg";
        JsonNode media = uploadBytes(fixture, type, Files.readAllBytes(FIXTURES.resolve(fixture)));
        HttpResponse<byte[]> answer = get(media.get("url").asString() + "?x-oss-process=" + process);
        assertThat(assertFails(answer, status)).isEqualTo(message);
        assertThat(derivedFilesOf(media.get("id").asString())).isZero();
        assertStillServing();
    }

    @Test
    void refusesAGifWithTenThousandFrames() throws Exception {
        JsonNode media = uploadBytes("frames.gif", "image/gif", gifWithFrames(10_000));
        assertThat(media.get("frame_count").asInt()).isEqualTo(10_000);
        assertThat(assertFails(get(media.get("url").asString() + "?x-oss-process=image/resize,w_10"), 400))
                .isEqualTo("image/resize: the source has 10000 frames, more than 1000");
        assertStillServing();
    }

    @Test
    void refusesATruncatedHeicNamingTheAction() throws Exception {
        byte[] heic = Files.readAllBytes(FIXTURES.resolve("photo.heic"));
        JsonNode media = uploadBytes("cut.heic", "image/heic", Arrays.copyOf(heic, heic.length / 2));
        assertThat(assertFails(get(media.get("url").asString() + "?x-oss-process=image/resize,w_10"), 400))
                .startsWith("image/resize: ");
        assertStillServing();
    }

    @Test
    void refusesAGifWhoseFrameIsFarLargerThanItsScreen() throws Exception {
        byte[] gif = gifWithFrames(1);
        int descriptor = 6 + 7 + 6 + 8; // header, screen, colour table, graphic control
        gif[descriptor + 5] = (byte) 0x30;
        gif[descriptor + 6] = (byte) 0x75; // width 30000
        gif[descriptor + 7] = (byte) 0x30;
        gif[descriptor + 8] = (byte) 0x75; // height 30000
        JsonNode media = uploadBytes("huge-frame.gif", "image/gif", gif);
        assertThat(assertFails(get(media.get("url").asString() + "?x-oss-process=image/resize,w_10"), 400))
                .isEqualTo("image/resize: the source has 900000000 pixels, over 250000000");
        assertStillServing();
    }

    private void assertStillServing() throws Exception {
        JsonNode media = uploadBytes("alive.png", "image/png", png(40, 20, Color.GREEN));
        assertThat(image(get(media.get("url").asString() + "?x-oss-process=image/resize,w_20"))
                        .getHeight())
                .isEqualTo(10);
    }

    private JsonNode upload(String fixture, String type) throws Exception {
        return uploadBytes(fixture, type, Files.readAllBytes(FIXTURES.resolve(fixture)));
    }

    private JsonNode uploadBytes(String name, String type, byte[] content) {
        return assertOk(postMultipart("/v1/media", token, Multipart.create().file("file", name, type, content)), 201);
    }

    private static BufferedImage image(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image).isNotNull();
        return image;
    }

    static byte[] png(int width, int height, Color colour) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A 1×1 GIF of {@code frames} frames, each a minimal LZW image. */
    static byte[] gifWithFrames(int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {1, 0, 1, 0, (byte) 0x80, 0, 0});
        out.writeBytes(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        for (int i = 0; i < frames; i++) {
            out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 0, 1, 0, 0, 0});
            out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0});
            out.writeBytes(new byte[] {2, 2, 0x44, 1, 0});
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    private static int gifFrames(byte[] gif) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    private static int countChunks(byte[] riff, String fourcc) {
        String text = new String(riff, StandardCharsets.ISO_8859_1);
        int count = 0;
        for (int at = text.indexOf(fourcc); at >= 0; at = text.indexOf(fourcc, at + 4)) {
            count++;
        }
        return count;
    }

    private static int app1Segments(byte[] jpeg) {
        int count = 0;
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF && (jpeg[at + 1] & 0xFF) != 0xDA) {
            if ((jpeg[at + 1] & 0xFF) == 0xE1) {
                count++;
            }
            at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
        }
        return count;
    }

    private static boolean hasMarker(byte[] jpeg, int marker) {
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            if ((jpeg[at + 1] & 0xFF) == marker) {
                return true;
            }
            if ((jpeg[at + 1] & 0xFF) == 0xDA) {
                return false;
            }
            at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
        }
        return false;
    }

    private static int differingPixels(BufferedImage a, BufferedImage b) {
        int count = 0;
        for (int y = 0; y < Math.min(a.getHeight(), b.getHeight()); y++) {
            for (int x = 0; x < Math.min(a.getWidth(), b.getWidth()); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                int diff = Math.abs(((p >> 16) & 0xFF) - ((q >> 16) & 0xFF))
                        + Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF))
                        + Math.abs((p & 0xFF) - (q & 0xFF));
                if (diff > 60) {
                    count++;
                }
            }
        }
        return count;
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
