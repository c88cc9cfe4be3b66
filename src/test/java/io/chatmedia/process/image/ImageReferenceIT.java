package io.chatmedia.process.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.ImageFixtures;
import io.chatmedia.testsupport.ImageTools;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every image action over HTTP, checked against a reference: each fixture of {@code src/test/resources/image} is
 * uploaded ({@code POST /v1/media}), fetched with {@code ?x-oss-process=image/...}, and the answer must have the
 * expected format, size and frame count, carry no EXIF or GPS, and match (mean SSIM ≥ 0.95, on luminance, alpha on
 * white) what ImageMagick makes of the same source with the equivalent command. Sizes come from OSS's rules
 * ({@link OssGeometry} for resize). HEIC and AVIF sources are decoded for the reference by libheif's
 * {@code heif-convert}. Answers and references are kept under {@code target/image-reference/} for a look when a case
 * fails. The tools are installed on first use by {@code scripts/test-image-tools.sh} ({@link ImageTools}).
 */
class ImageReferenceIT extends HttpFlowTest {

    static final double MIN_SSIM = 0.95;
    private static final Path OUT = Path.of("target/image-reference");
    private static final String TOKEN = Tokens.user("image-reference");
    private static final Map<String, JsonNode> UPLOADED = new ConcurrentHashMap<>();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(key|text):([^}]*)}");
    private static final AtomicInteger CASES = new AtomicInteger();
    /**
     * With {@code -Dchatmedia.image-reference.stand-in=true} the answers come from {@link StandInEngine} (ImageMagick
     * playing the engine) instead of the server: a check of this test's own references and thresholds.
     */
    private static final boolean STAND_IN = Boolean.getBoolean("chatmedia.image-reference.stand-in");

    @BeforeAll
    static void cleanOutput() throws IOException {
        if (Files.exists(OUT)) {
            try (Stream<Path> walk = Files.walk(OUT)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(OUT);
    }

    // ---------------------------------------------------------------- resize

    static Stream<Arguments> resizes() {
        List<String> params = List.of(
                "w_300",
                "h_150",
                "m_lfit,w_150,h_80",
                "m_mfit,w_150,h_80",
                "m_fill,w_150,h_80",
                "m_pad,w_150,h_80",
                "m_fixed,w_150,h_80",
                "m_fill,w_200,h_200",
                "m_pad,w_200,h_200,color_FF0000",
                "m_fixed,w_100,h_300",
                "l_240",
                "s_120",
                "p_50",
                "w_2000",
                "w_1600,limit_0");
        return Stream.of("photo.jpg", "alpha.png")
                .flatMap(fixture -> params.stream().map(p -> arguments(fixture, "image/resize," + p)));
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1}")
    @MethodSource("resizes")
    void resizesByOssGeometry(String fixture, String process) throws Exception {
        int[] size = sourceSize(fixture);
        String params = process.substring("image/resize,".length());
        OssGeometry.Resize resize = OssGeometry.resize(size[0], size[1], params);
        String colour = OssGeometry.params(params).getOrDefault("color", "FFFFFF");
        verify(
                fixture,
                process,
                Expect.of(
                        defaultFormat(fixture),
                        resize.width(),
                        resize.height(),
                        resize.imageMagickArgs(size[0], size[1], colour)));
    }

    /** OSS's documented example, on a 200x100 picture cut from the photo first: actions run in URL order. */
    static Stream<Arguments> documentedExample() {
        return Stream.of(
                arguments("photo.jpg", "image/crop,w_200,h_100,g_center/resize,m_lfit,w_150,h_80", 150, 75),
                arguments("photo.jpg", "image/crop,w_200,h_100,g_center/resize,m_mfit,w_150,h_80", 160, 80),
                arguments("photo.jpg", "image/crop,w_200,h_100,g_center/resize,m_fill,w_150,h_80", 150, 80),
                arguments("photo.jpg", "image/crop,w_200,h_100,g_center/resize,m_pad,w_150,h_80", 150, 80),
                arguments("photo.jpg", "image/crop,w_200,h_100,g_center/resize,m_fixed,w_150,h_80", 150, 80));
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1}")
    @MethodSource("documentedExample")
    void reproducesOssDocumentedExample(String fixture, String process, int width, int height) throws Exception {
        OssGeometry.Resize resize = OssGeometry.resize(200, 100, process.substring(process.indexOf("resize,") + 7));
        assertThat(List.of(resize.width(), resize.height())).containsExactly(width, height);
        List<List<String>> references = new ArrayList<>();
        for (List<String> args : resize.imageMagickArgs(200, 100, "FFFFFF")) {
            List<String> all = new ArrayList<>(List.of("-crop", "200x100+500+350", "+repage"));
            all.addAll(args);
            references.add(all);
        }
        verify(fixture, process, Expect.of("JPEG", width, height, references));
    }

    // ---------------------------------------------------------------- crop, circle, rounded corners, indexcrop

    static Stream<Arguments> crops() {
        return Stream.of(
                arguments(
                        "photo.jpg",
                        "image/crop,w_400,h_300,g_center",
                        Expect.of("JPEG", 400, 300, "-crop", "400x300+400+250", "+repage")),
                // se origin (800,500), then the offsets (100,50): clipped at the edge to 300x250
                arguments(
                        "photo.jpg",
                        "image/crop,x_100,y_50,w_400,h_300,g_se",
                        Expect.of("JPEG", 300, 250, "-crop", "300x250+900+550", "+repage")),
                arguments(
                        "photo.jpg",
                        "image/crop,x_10,y_20,w_300,h_200,g_nw",
                        Expect.of("JPEG", 300, 200, "-crop", "300x200+10+20", "+repage")),
                arguments(
                        "photo.jpg",
                        "image/crop,w_300,h_200,g_east",
                        Expect.of("JPEG", 300, 200, "-crop", "300x200+900+300", "+repage")),
                arguments(
                        "photo.jpg",
                        "image/crop,x_50,w_300,h_200,g_sw",
                        Expect.of("JPEG", 300, 200, "-crop", "300x200+50+600", "+repage")),
                // w and h default to the edge
                arguments(
                        "photo.jpg",
                        "image/crop,x_800,y_50",
                        Expect.of("JPEG", 400, 750, "-crop", "400x750+800+50", "+repage")),
                arguments(
                        "alpha.png",
                        "image/crop,w_200,h_150,g_ne",
                        Expect.of("PNG", 200, 150, "-crop", "200x150+200+0", "+repage")));
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1}")
    @MethodSource("crops")
    void cropsFromTheGravityPlusOffsetsClippedAtTheEdge(String fixture, String process, Expect expect)
            throws Exception {
        verify(fixture, process, expect);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                // (2r+1) square around the centre (600,400); outside white for JPEG
                arguments(
                        "photo.jpg",
                        "image/circle,r_200",
                        Expect.of("JPEG", 401, 401, circle(401, 400, 200))
                                .check(Expect.whiteAt(3, 3))
                                .region(0, 0, 100, 100)),
                // r capped at (800 - 1) / 2 = 399
                arguments(
                        "photo.jpg",
                        "image/circle,r_1000",
                        Expect.of("JPEG", 799, 799, circle(799, 201, 1)).check(Expect.whiteAt(3, 3))),
                arguments(
                        "photo.jpg",
                        "image/circle,r_200/format,png",
                        Expect.of("PNG", 401, 401, circle(401, 400, 200)).check(Expect.transparentAt(2, 2))),
                arguments(
                        "alpha.png",
                        "image/circle,r_100",
                        Expect.of("PNG", 201, 201, circle(201, 100, 50)).check(Expect.transparentAt(2, 2))),
                arguments(
                        "photo.jpg",
                        "image/rounded-corners,r_100",
                        Expect.of("JPEG", 1200, 800, rounded(1200, 800, 100))
                                .check(Expect.whiteAt(2, 2))
                                .region(0, 0, 100, 100)),
                arguments(
                        "alpha.png",
                        "image/rounded-corners,r_50",
                        Expect.of("PNG", 400, 300, rounded(400, 300, 50))
                                .check(Expect.transparentAt(1, 1))
                                .region(0, 0, 50, 50)),
                arguments(
                        "photo.jpg",
                        "image/indexcrop,x_500",
                        Expect.of("JPEG", 500, 800, "-crop", "500x800+0+0", "+repage")),
                arguments(
                        "photo.jpg",
                        "image/indexcrop,x_500,i_1",
                        Expect.of("JPEG", 500, 800, "-crop", "500x800+500+0", "+repage")),
                // the last slice is the remainder
                arguments(
                        "photo.jpg",
                        "image/indexcrop,x_500,i_2",
                        Expect.of("JPEG", 200, 800, "-crop", "200x800+1000+0", "+repage")),
                arguments(
                        "photo.jpg",
                        "image/indexcrop,y_300,i_1",
                        Expect.of("JPEG", 1200, 300, "-crop", "1200x300+0+300", "+repage")),
                // past the end: the original
                arguments("photo.jpg", "image/indexcrop,y_300,i_9", Expect.of("JPEG", 1200, 800)));
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1}")
    @MethodSource("shapes")
    void cutsShapes(String fixture, String process, Expect expect) throws Exception {
        verify(fixture, process, expect);
    }

    // ---------------------------------------------------------------- rotate, auto-orient

    static Stream<Arguments> rotations() {
        return Stream.of(
                arguments("photo.jpg", "image/rotate,90", Expect.of("JPEG", 800, 1200, "-rotate", "90")),
                arguments("photo.jpg", "image/rotate,180", Expect.of("JPEG", 1200, 800, "-rotate", "180")),
                arguments("photo.jpg", "image/rotate,270", Expect.of("JPEG", 800, 1200, "-rotate", "270")),
                // 1200 cos 45 + 800 sin 45 = 1414.2; ImageMagick's canvas is 1416
                arguments(
                        "photo.jpg",
                        "image/rotate,45",
                        Expect.of("JPEG", 1414, 1414, "-background", "white", "-rotate", "45")
                                .sizeWithin(2)),
                arguments("alpha.png", "image/rotate,90", Expect.of("PNG", 300, 400, "-rotate", "90")),
                arguments(
                        "alpha.png",
                        "image/rotate,45",
                        Expect.of("PNG", 495, 495, "-background", "none", "-rotate", "45")
                                .sizeWithin(2)),
                // EXIF Orientation 6 is applied first (by default, or asked for), and never leaks
                arguments("exif-rotated.jpg", "image/auto-orient,1", Expect.of("JPEG", 400, 600, "-auto-orient")),
                arguments(
                        "exif-rotated.jpg",
                        "image/resize,w_200",
                        Expect.of("JPEG", 200, 300, "-auto-orient", "-resize", "200x300!")),
                arguments(
                        "exif-rotated.jpg",
                        "image/crop,w_200,h_200,g_nw",
                        Expect.of("JPEG", 200, 200, "-auto-orient", "-crop", "200x200+0+0", "+repage")),
                arguments(
                        "exif-rotated.jpg",
                        "image/rotate,90",
                        Expect.of("JPEG", 600, 400, "-auto-orient", "-rotate", "90")),
                arguments("exif-rotated.jpg", "image/format,png", Expect.of("PNG", 400, 600, "-auto-orient")));
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1}")
    @MethodSource("rotations")
    void rotates(String fixture, String process, Expect expect) throws Exception {
        verify(fixture, process, expect);
    }

    // ---------------------------------------------------------------- blur, bright, contrast, sharpen

    static Stream<Arguments> adjustments() {
        return Stream.of(
                // ChatMedia's blur: a (2r+1) kernel of sigma s
                arguments(
                        "photo.jpg",
                        "image/resize,w_300/blur,r_3,s_2",
                        Expect.of("JPEG", 300, 200, "-resize", "300x200!", "-gaussian-blur", "0x2")
                                .nearerThanSource()),
                arguments(
                        "photo.jpg",
                        "image/blur,r_3,s_2",
                        Expect.of("JPEG", 1200, 800, "-gaussian-blur", "0x2").nearerThanSource()),
                arguments(
                        "photo.jpg",
                        "image/bright,50",
                        Expect.of("JPEG", 1200, 800, "-brightness-contrast", "50x0")
                                .nearerThanSource()),
                arguments(
                        "photo.jpg",
                        "image/bright,-50",
                        Expect.of("JPEG", 1200, 800, "-brightness-contrast", "-50x0")
                                .nearerThanSource()),
                arguments(
                        "photo.jpg",
                        "image/contrast,50",
                        Expect.of("JPEG", 1200, 800, "-brightness-contrast", "0x50")
                                .nearerThanSource()),
                arguments(
                        "photo.jpg",
                        "image/contrast,-50",
                        Expect.of("JPEG", 1200, 800, "-brightness-contrast", "0x-50")
                                .nearerThanSource()),
                // at full size a JPEG answer's own compression is as strong as the sharpening: measure the edges
                arguments(
                        "photo.jpg",
                        "image/sharpen,100",
                        Expect.of("JPEG", 1200, 800, "-unsharp", "0x1+1.0+0")
                                .check(Expect.sharperThan("photo.jpg", 1.1))),
                arguments(
                        "photo.jpg",
                        "image/resize,w_300/sharpen,100",
                        Expect.of("JPEG", 300, 200, "-resize", "300x200!", "-unsharp", "0x1+1.0+0")
                                .nearerThanSource()),
                arguments(
                        "alpha.png",
                        "image/bright,50",
                        Expect.of("PNG", 400, 300, "-brightness-contrast", "50x0")
                                .nearerThanSource()
                                .check(Expect.transparentAt(300, 110))));
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1}")
    @MethodSource("adjustments")
    void adjusts(String fixture, String process, Expect expect) throws Exception {
        verify(fixture, process, expect);
    }

    // ---------------------------------------------------------------- format, quality, interlace

    static Stream<Arguments> formats() {
        return Stream.of(
                arguments("photo.jpg", "image/format,png", Expect.of("PNG", 1200, 800)),
                arguments("photo.jpg", "image/format,webp", Expect.of("WEBP", 1200, 800)),
                arguments("photo.jpg", "image/format,bmp", Expect.of("BMP", 1200, 800)),
                arguments("photo.jpg", "image/format,tiff", Expect.of("TIFF", 1200, 800)),
                arguments("photo.jpg", "image/format,gif", Expect.of("GIF", 1200, 800)),
                arguments("photo.jpg", "image/format,jpg", Expect.of("JPEG", 1200, 800)),
                // alpha flattened onto white where the format has none, kept where it has
                arguments(
                        "alpha.png",
                        "image/format,jpg",
                        Expect.of("JPEG", 400, 300).check(Expect.whiteAt(300, 110))),
                arguments(
                        "alpha.png",
                        "image/format,webp",
                        Expect.of("WEBP", 400, 300).check(Expect.transparentAt(300, 110))),
                arguments(
                        "alpha.png",
                        "image/format,png",
                        Expect.of("PNG", 400, 300).check(Expect.transparentAt(300, 110))),
                arguments(
                        "photo.jpg",
                        "image/quality,Q_80",
                        Expect.of("JPEG", 1200, 800).check(Expect.jpegQuality(80, 2))),
                // relative: 50 % of the source's 90
                arguments(
                        "photo.jpg",
                        "image/quality,q_50",
                        Expect.of("JPEG", 1200, 800).check(Expect.jpegQuality(45, 3))),
                arguments(
                        "photo.jpg",
                        "image/interlace,1",
                        Expect.of("JPEG", 1200, 800).check(Expect.progressive(true))),
                arguments(
                        "photo.jpg",
                        "image/resize,w_300/interlace,1",
                        Expect.of("JPEG", 300, 200, "-resize", "300x200!").check(Expect.progressive(true))),
                arguments(
                        "photo.jpg",
                        "image/interlace,0",
                        Expect.of("JPEG", 1200, 800).check(Expect.progressive(false))));
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1}")
    @MethodSource("formats")
    void converts(String fixture, String process, Expect expect) throws Exception {
        verify(fixture, process, expect);
    }

    // ---------------------------------------------------------------- watermark

    static Stream<Arguments> watermarks() {
        return Stream.of(
                // t_60 over the photo, 10 px from the bottom-right corner: `composite -dissolve 60` does the same
                arguments(
                        "photo.jpg",
                        "image/watermark,image_{key:alpha.png},t_60,g_se,x_10,y_10",
                        Expect.of(
                                        "JPEG",
                                        1200,
                                        800,
                                        "{fixture:alpha.png}",
                                        "-gravity",
                                        "southeast",
                                        "-geometry",
                                        "+10+10",
                                        "-compose",
                                        "dissolve",
                                        "-define",
                                        "compose:args=60",
                                        "-composite")
                                .region(790, 490, 400, 300)),
                arguments(
                        "photo.jpg",
                        "image/watermark,image_{key:photo.bmp},g_nw,x_20,y_30",
                        Expect.of(
                                        "JPEG",
                                        1200,
                                        800,
                                        "{fixture:photo.bmp}",
                                        "-gravity",
                                        "northwest",
                                        "-geometry",
                                        "+20+30",
                                        "-composite")
                                .region(20, 30, 180, 120)),
                // text: only that it is there (differs from the source) without wrecking the picture
                arguments(
                        "photo.jpg",
                        "image/watermark,text_{text:ChatMedia 图片水印},size_60,color_FFFFFF,g_center",
                        Expect.of("JPEG", 1200, 800).ssimBetween(0.8, 0.999)));
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1}")
    @MethodSource("watermarks")
    void overlaysWatermarks(String fixture, String process, Expect expect) throws Exception {
        verify(fixture, process, expect);
    }

    // ---------------------------------------------------------------- animations

    static Stream<Arguments> animations() {
        return Stream.of(
                arguments(
                        "animated.gif",
                        "image/resize,w_80",
                        Expect.of("GIF", 80, 60, "-resize", "80x60!").frames(12)),
                arguments(
                        "animated.webp",
                        "image/resize,w_80",
                        Expect.of("WEBP", 80, 60, "-resize", "80x60!").frames(12)),
                arguments(
                        "animated.gif",
                        "image/crop,w_100,h_80,g_center",
                        Expect.of("GIF", 100, 80, "-crop", "100x80+30+20", "+repage")
                                .frames(12)),
                // shrink only: a larger target leaves the animation as it is
                arguments(
                        "animated.gif",
                        "image/resize,w_320",
                        Expect.of("GIF", 160, 120).frames(12)),
                arguments(
                        "animated.gif",
                        "image/format,webp",
                        Expect.of("WEBP", 160, 120).frames(12)),
                arguments(
                        "animated.webp",
                        "image/format,gif",
                        Expect.of("GIF", 160, 120).frames(12)));
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1}")
    @MethodSource("animations")
    void keepsAnimations(String fixture, String process, Expect expect) throws Exception {
        verify(fixture, process, expect);
    }

    // ---------------------------------------------------------------- other inputs

    static Stream<Arguments> inputs() {
        Stream<Arguments> heif = Stream.of("photo.heic", "grid.heic", "photo.avif")
                .flatMap(fixture -> Stream.of(
                        arguments(fixture, "image/resize,w_300", Expect.of("JPEG", 300, 200, "-resize", "300x200!")),
                        arguments(fixture, "image/format,jpg", Expect.of("JPEG", 1200, 800)),
                        arguments(fixture, "image/format,png", Expect.of("PNG", 1200, 800))));
        return Stream.concat(
                heif,
                Stream.of(
                        arguments("photo.bmp", "image/resize,w_90", Expect.of("BMP", 90, 60, "-resize", "90x60!")),
                        arguments("photo.tiff", "image/resize,w_120", Expect.of("TIFF", 120, 80, "-resize", "120x80!")),
                        arguments(
                                "still.webp", "image/resize,w_300", Expect.of("WEBP", 300, 200, "-resize", "300x200!")),
                        arguments("still.webp", "image/format,png", Expect.of("PNG", 600, 400))));
    }

    @ParameterizedTest(name = "{0} ?x-oss-process={1}")
    @MethodSource("inputs")
    void readsEveryInputFormat(String fixture, String process, Expect expect) throws Exception {
        verify(fixture, process, expect);
    }

    // ---------------------------------------------------------------- the comparison

    private void verify(String fixture, String process, Expect expect) throws Exception {
        Path dir = Files.createDirectories(OUT.resolve(String.format(
                "%03d-%s-%s", CASES.incrementAndGet(), fixture, process.replaceAll("[^A-Za-z0-9._-]+", "_"))));
        Path answer = STAND_IN
                ? StandInEngine.answer(fixture, process, expect, dir.resolve("answer"))
                : fetch(fixture, process, expect.format, dir.resolve("answer"));
        ReferenceCheck.verify(fixture + " ?x-oss-process=" + process, fixture, answer, expect, dir);
    }

    // ---------------------------------------------------------------- HTTP

    private Path fetch(String fixture, String process, String format, Path file) throws IOException {
        String url = upload(fixture).get("url").asString() + "?x-oss-process=" + resolve(process);
        HttpResponse<byte[]> response = get(url);
        String body = response.statusCode() == 200
                ? ""
                : new String(response.body(), 0, Math.min(response.body().length, 500), StandardCharsets.UTF_8);
        assertThat(response.statusCode())
                .as("%s ?x-oss-process=%s: GET %s answered %s", fixture, process, url, body)
                .isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("Content-Type of %s", url)
                .startsWith(mimeTypeOf(format));
        Files.write(file, response.body());
        return file;
    }

    private JsonNode upload(String fixture) {
        return UPLOADED.computeIfAbsent(fixture, name -> {
            try {
                byte[] bytes = Files.readAllBytes(ImageFixtures.path(name));
                return assertOk(
                        postMultipart(
                                "/v1/media", TOKEN, Multipart.create().file("file", name, uploadType(name), bytes)),
                        201);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@code {key:alpha.png}}: that uploaded fixture's storage key, {@code {text:...}}: the text; URL-safe Base64. */
    private String resolve(String process) {
        Matcher m = PLACEHOLDER.matcher(process);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value =
                    switch (m.group(1)) {
                        case "key" -> upload(m.group(2)).get("path").asString();
                        case "text" -> m.group(2);
                        default -> throw new IllegalArgumentException(m.group());
                    };
            m.appendReplacement(
                    out,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---------------------------------------------------------------- small helpers

    private static int[] sourceSize(String fixture) {
        String[] size = ImageTools.runText(
                        "identify",
                        "-format",
                        "%w %h",
                        ImageFixtures.path(fixture).toAbsolutePath() + "[0]")
                .split(" ");
        return new int[] {Integer.parseInt(size[0]), Integer.parseInt(size[1])};
    }

    /** The answer's format when no format action says otherwise: the source's; JPEG for HEIC and AVIF. */
    private static String defaultFormat(String fixture) {
        String ext = fixture.substring(fixture.lastIndexOf('.') + 1);
        return switch (ext) {
            case "jpg", "heic", "avif" -> "JPEG";
            case "tiff" -> "TIFF";
            default -> ext.toUpperCase(Locale.ROOT);
        };
    }

    private static String mimeTypeOf(String format) {
        return switch (format) {
            case "JPEG" -> "image/jpeg";
            case "PNG" -> "image/png";
            case "WEBP" -> "image/webp";
            case "GIF" -> "image/gif";
            case "BMP" -> "image/bmp";
            case "TIFF" -> "image/tiff";
            default -> throw new IllegalArgumentException(format);
        };
    }

    private static String uploadType(String fixture) {
        String ext = fixture.substring(fixture.lastIndexOf('.') + 1);
        return ext.equals("jpg") ? "image/jpeg" : "image/" + ext;
    }

    /** ImageMagick args: the (2r+1) square at (x, y), with a circle of radius r as its alpha. */
    private static String[] circle(int side, int x, int y) {
        int r = side / 2;
        return new String[] {
            "-crop",
            side + "x" + side + "+" + x + "+" + y,
            "+repage",
            "-alpha",
            "set",
            "(",
            "-size",
            side + "x" + side,
            "xc:none",
            "-fill",
            "white",
            "-draw",
            "circle " + r + "," + r + " " + r + ",0",
            ")",
            "-compose",
            "DstIn",
            "-composite"
        };
    }

    private static String[] rounded(int width, int height, int r) {
        return new String[] {
            "-alpha",
            "set",
            "(",
            "-size",
            width + "x" + height,
            "xc:none",
            "-fill",
            "white",
            "-draw",
            "roundrectangle 0,0 " + (width - 1) + "," + (height - 1) + " " + r + "," + r,
            ")",
            "-compose",
            "DstIn",
            "-composite"
        };
    }
}
