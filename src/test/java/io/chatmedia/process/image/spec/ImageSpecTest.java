package io.chatmedia.process.image.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.system.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageSpecTest {

    private static ImageSpec parse(String value) {
        return ImageSpec.parse(ProcessParser.parse(value));
    }

    private static Resize resize(String value) {
        return (Resize) parse(value).steps().get(0);
    }

    @ParameterizedTest(name = "{0} on 200x100 -> {1}x{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "image/resize,m_lfit,w_150,h_80|150|75",
                "image/resize,m_mfit,w_150,h_80|160|80",
                "image/resize,m_fill,w_150,h_80|150|80",
                "image/resize,m_pad,w_150,h_80|150|80",
                "image/resize,m_fixed,w_150,h_80|150|80",
                "image/resize,w_150,h_80|150|75",
                "image/resize,w_100|100|50",
                "image/resize,h_50|100|50",
                "image/resize,l_100|100|50",
                "image/resize,s_50|100|50",
                "image/resize,l_100,s_20|40|20",
                "image/resize,p_50|100|50",
                "image/resize,w_400|200|100",
                "image/resize,w_400,limit_0|400|200",
                "image/resize,p_200|200|100",
                "image/resize,p_200,limit_0|400|200",
                "image/resize,m_fill,w_300,h_50|200|100",
                "image/resize,m_fill,w_300,h_50,limit_0|300|50",
            })
    void geometryReproducesOss(String process, int width, int height) {
        int[] plan = resize(process).plan(200, 100);
        assertThat(new int[] {plan[2], plan[3]}).containsExactly(width, height);
    }

    @Test
    void fillScalesToCoverThenCropsAndPadScalesToFitThenPads() {
        assertThat(resize("image/resize,m_fill,w_150,h_80").plan(200, 100)).containsExactly(160, 80, 150, 80);
        assertThat(resize("image/resize,m_pad,w_150,h_80").plan(200, 100)).containsExactly(150, 75, 150, 80);
    }

    @Test
    void everySpellingOfTheSameRequestPrintsTheSame() {
        assertThat(parse("image/resize,w_150,m_lfit").canonical())
                .isEqualTo(parse("image/resize,w_150,limit_1,color_FFFFFF").canonical())
                .isEqualTo(parse("image/resize,m_LFIT,w_150").canonical());
        assertThat(parse("image/resize,w_150/format,jpeg").canonical())
                .isEqualTo(parse("image/resize,w_150/format,jpg").canonical());
        assertThat(parse("image/resize,w_150").canonical())
                .isNotEqualTo(parse("image/resize,w_151").canonical());
        assertThat(parse("image/rotate,90/resize,w_10").canonical())
                .isNotEqualTo(parse("image/resize,w_10/rotate,90").canonical());
    }

    @Test
    void sizeGivenByWidthOrHeightIgnoresLongShortAndPercent() {
        Resize r = resize("image/resize,w_100,l_50,p_10");
        assertThat(r.longSide()).isZero();
        assertThat(r.percent()).isZero();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "image/resize,w_0|image/resize: w must be an integer in [1,16384] (got 0)",
                "image/resize,w_99999|image/resize: w must be an integer in [1,16384] (got 99999)",
                "image/resize,w_abc|image/resize: w must be an integer in [1,16384] (got 'abc')",
                "image/resize,m_bogus,w_10|image/resize: m must be one of fill, fixed, lfit, mfit, pad (got 'bogus')",
                "image/resize,m_lfit|image/resize: needs w, h, l, s or p",
                "image/resize,w_10,z_3|image/resize: unknown parameter 'z'",
                "image/resize,p_1001|image/resize: p must be an integer in [1,1000] (got 1001)",
                "image/resize,w_10,color_red|image/resize: color must be a colour RRGGBB in hex (got 'red')",
                "image/resize,w_10,limit_2|image/resize: limit must be an integer in [0,1] (got 2)",
                "image/rotate,400|image/rotate: the angle must be an integer in [0,360] (got 400)",
                "image/rotate|image/rotate: needs a value: the angle in [0,360]",
                "image/format,exe|image/format: 'exe' is not one of jpg, png, webp, gif, bmp, tiff, avif",
                "image/format,heic|image/format: heic output is not available: no HEIF encoder ships with ChatMedia (use jpg, webp or avif)",
                "image/quality,q_0|image/quality: q must be an integer in [1,100] (got 0)",
                "image/quality|image/quality: needs q (relative) or Q (absolute) in [1,100]",
                "image/blur,r_3|image/blur: needs r and s, each in [1,50]",
                "image/blur,r_51,s_2|image/blur: r must be an integer in [1,50] (got 51)",
                "image/bright,101|image/bright: bright must be an integer in [-100,100] (got 101)",
                "image/contrast,-101|image/contrast: contrast must be an integer in [-100,100] (got -101)",
                "image/sharpen,20|image/sharpen: sharpen must be an integer in [50,399] (got 20)",
                "image/circle|image/circle: needs r in [1,4096]",
                "image/crop,g_middle|image/crop: g must be one of center, east, ne, north, nw, se, south, sw, west (got 'middle')",
                "image/indexcrop,i_1|image/indexcrop: needs exactly one of x or y (the slice size in px)",
                "image/watermark,text_@@@|image/watermark: text must be URL-safe Base64 of UTF-8 text (got '@@@')",
                "image/watermark,t_50|image/watermark: needs image (a Base64 object key) or text (Base64)",
                "image/info/resize,w_10|image/info: cannot be chained with other actions",
                "image/resize,w_10/average-hue|image/average-hue: cannot be chained with other actions",
                "image/info,x_1|image/info: unknown parameter 'x'",
                "image/grayscale,1|image/grayscale: unknown action",
                "image/interlace,2|image/interlace: interlace must be an integer in [0,1] (got 2)",
                "image/auto-orient,3|image/auto-orient: auto-orient must be an integer in [0,1] (got 3)",
            })
    void badParametersAre400sThatNameThemselves(String process, String message) {
        assertThatThrownBy(() -> parse(process))
                .isInstanceOf(ApiException.class)
                .hasMessage(message)
                .extracting(e -> ((ApiException) e).status().value())
                .isEqualTo(400);
    }

    @Test
    void watermarkTextAndImageAreUrlSafeBase64() {
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString("水印 ok?".getBytes(StandardCharsets.UTF_8));
        String image = Base64.getUrlEncoder()
                .encodeToString("media/a/logo.png?x-oss-process=image/resize,P_30".getBytes(StandardCharsets.UTF_8));
        Watermark w = (Watermark) parse("image/watermark,text_" + text + ",image_" + image + ",g_nw")
                .steps()
                .get(0);
        assertThat(w.text()).isEqualTo("水印 ok?");
        assertThat(w.imageKey()).isEqualTo("media/a/logo.png");
        assertThat(w.imagePercent()).isEqualTo(30);
        assertThat(w.gravity()).isEqualTo(Gravity.NW);
        assertThat(w.x()).isEqualTo(10);
        String tooLong = Base64.getUrlEncoder().encodeToString("x".repeat(65).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> parse("image/watermark,text_" + tooLong))
                .hasMessage("image/watermark: text is longer than 64 characters");
        String traversal = Base64.getUrlEncoder().encodeToString("../etc/passwd".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> parse("image/watermark,image_" + traversal))
                .hasMessage("image/watermark: image is not a valid object key");
    }

    @Test
    void cropBoxesFollowGravityAndClipAtTheEdge() {
        Crop centre = (Crop) parse("image/crop,w_100,h_50,g_center").steps().get(0);
        assertThat(centre.box(200, 100)).containsExactly(50, 25, 100, 50);
        Crop southEast =
                (Crop) parse("image/crop,w_100,h_50,g_se,x_10,y_5").steps().get(0);
        assertThat(southEast.box(200, 100)).containsExactly(110, 55, 90, 45);
        Crop overflowing =
                (Crop) parse("image/crop,x_150,y_80,w_100,h_100").steps().get(0);
        assertThat(overflowing.box(200, 100)).containsExactly(150, 80, 50, 20);
        Crop toTheEdge = (Crop) parse("image/crop,x_20,y_10").steps().get(0);
        assertThat(toTheEdge.box(200, 100)).containsExactly(20, 10, 180, 90);
        Crop outside = (Crop) parse("image/crop,x_200,w_10").steps().get(0);
        assertThatThrownBy(() -> outside.box(200, 100))
                .hasMessage("image/crop: the start point (200,0) is outside the 200x100 image");
    }

    @Test
    void indexCropPastTheEndKeepsTheImage() {
        IndexCrop slice = (IndexCrop) parse("image/indexcrop,x_60,i_3").steps().get(0);
        assertThat(slice.box(200, 100)).containsExactly(180, 0, 20, 100);
        IndexCrop past = (IndexCrop) parse("image/indexcrop,x_60,i_4").steps().get(0);
        assertThat(past.box(200, 100)).isNull();
    }

    @Test
    void qualityIsRelativeOrAbsoluteButNeverRaised() {
        assertThat(((Quality) parse("image/quality,q_50").steps().get(0)).resolve(90))
                .isEqualTo(45);
        assertThat(((Quality) parse("image/quality,Q_80").steps().get(0)).resolve(90))
                .isEqualTo(80);
        assertThat(((Quality) parse("image/quality,Q_95").steps().get(0)).resolve(75))
                .isEqualTo(75);
    }

    @Test
    void brightnessAndContrastFollowImageMagicksCurve() {
        Adjust bright = (Adjust) parse("image/bright,50").steps().get(0);
        assertThat(bright.curve()[0]).isEqualTo(128);
        assertThat(bright.curve()[200]).isEqualTo(255);
        Adjust flat = (Adjust) parse("image/contrast,-100").steps().get(0);
        assertThat(flat.curve()[0]).isEqualTo(128);
        assertThat(flat.curve()[255]).isEqualTo(128);
        Adjust none = (Adjust) parse("image/contrast,0").steps().get(0);
        assertThat(none.curve()[77]).isEqualTo(77);
    }

    @Test
    void outputFormatIsTheLastFormatStepOrTheSourcesOwn() {
        assertThat(parse("image/resize,w_10").outputFormat(ImageFormat.PNG)).isEqualTo(ImageFormat.PNG);
        assertThat(parse("image/resize,w_10").outputFormat(ImageFormat.HEIC)).isEqualTo(ImageFormat.JPG);
        assertThat(parse("image/format,png/format,webp").outputFormat(ImageFormat.JPG))
                .isEqualTo(ImageFormat.WEBP);
        assertThat(parse("image/auto-orient,0").autoOrient()).isFalse();
        assertThat(parse("image/resize,w_1").autoOrient()).isTrue();
    }
}
