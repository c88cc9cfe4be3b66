package io.chatmedia.process.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference test's own statement of OSS's resize rules, anchored to OSS's documented example. */
class OssGeometryTest {

    @ParameterizedTest(name = "{0}x{1} resize,{2} -> {3}x{4} (scaled {5}x{6})")
    @CsvSource(
            delimiter = ';',
            value = {
                // OSS's documented example: 200x100, w150 h80
                "200; 100; m_lfit,w_150,h_80;  150; 75;  150; 75",
                "200; 100; m_mfit,w_150,h_80;  160; 80;  160; 80",
                "200; 100; m_fill,w_150,h_80;  150; 80;  160; 80",
                "200; 100; m_pad,w_150,h_80;   150; 80;  150; 75",
                "200; 100; m_fixed,w_150,h_80; 150; 80;  150; 80",
                "200; 100; w_150,h_80;         150; 75;  150; 75",
                // one side: scale by it, whatever the mode
                "1200; 800; w_300;             300; 200; 300; 200",
                "1200; 800; m_fill,h_150;      225; 150; 225; 150",
                // long / short side, ignored when w or h is given
                "1200; 800; l_240;             240; 160; 240; 160",
                "800; 1200; l_240;             160; 240; 160; 240",
                "1200; 800; s_120;             180; 120; 180; 120",
                "1200; 800; l_240,w_600;       600; 400; 600; 400",
                "1200; 800; p_25;              300; 200; 300; 200",
                // rounding: 400x300 to h 80 is 106.67 wide -> 107; to w 150 is 112.5 high -> 113
                "400; 300; m_lfit,w_150,h_80;  107; 80;  107; 80",
                "400; 300; m_mfit,w_150,h_80;  150; 113; 150; 113",
                "400; 300; m_fill,w_150,h_80;  150; 80;  150; 113",
                "3; 1000; w_1;                 1;   333; 1;   333",
                "1000; 3; w_10;                10;  1;   10;  1",
                // limit_1 (default): a target larger than the source leaves the source's size; limit_0 enlarges
                "1200; 800; w_2000;            1200; 800; 1200; 800",
                "400; 300; m_fill,w_500,h_500; 400; 300; 400; 300",
                "1200; 800; w_1600,limit_0;    1600; 1067; 1600; 1067",
            })
    void followsOssRules(
            int sourceWidth,
            int sourceHeight,
            String params,
            int width,
            int height,
            int scaledWidth,
            int scaledHeight) {
        OssGeometry.Resize resize = OssGeometry.resize(sourceWidth, sourceHeight, params);
        assertThat(List.of(resize.width(), resize.height(), resize.scaledWidth(), resize.scaledHeight()))
                .containsExactly(width, height, scaledWidth, scaledHeight);
    }

    @Test
    void offersBothCentringsWhenTheLeftoverIsOdd() {
        assertThat(OssGeometry.resize(400, 300, "m_fill,w_150,h_80").imageMagickArgs(400, 300, "FFFFFF"))
                .containsExactly(
                        List.of("-resize", "150x113!", "-crop", "150x80+0+16", "+repage"),
                        List.of("-resize", "150x113!", "-crop", "150x80+0+17", "+repage"));
        assertThat(OssGeometry.resize(1200, 800, "m_pad,w_300,h_300").imageMagickArgs(1200, 800, "FF0000"))
                .containsExactly(List.of(
                        "-resize",
                        "300x200!",
                        "-background",
                        "#FF0000",
                        "-gravity",
                        "northwest",
                        "-extent",
                        "300x300+0-50"));
        assertThat(OssGeometry.resize(1200, 800, "w_2000").imageMagickArgs(1200, 800, "FFFFFF"))
                .containsExactly(List.of());
    }
}
