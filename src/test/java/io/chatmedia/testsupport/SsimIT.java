package io.chatmedia.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSIM helper against known degradations of the photo fixture (scaled to 400x267, ImageMagick's work). */
class SsimIT {

    @TempDir
    static Path work;

    private static Path base;

    @BeforeAll
    static void scaleThePhoto() {
        base = work.resolve("base.png");
        ImageTools.run(
                "convert",
                ImageFixtures.path("photo.jpg").toAbsolutePath().toString(),
                "-resize",
                "400x267!",
                base.toString());
    }

    @Test
    void identicalImagesScoreOne() {
        assertThat(Ssim.mean(base, base)).isCloseTo(1.0, within(1e-12));
        BufferedImage photo = Ssim.read(ImageFixtures.path("photo.jpg"));
        assertThat(Ssim.mean(photo, Ssim.read(ImageFixtures.path("photo.jpg")))).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aHeavilyBlurredCopyScoresBelowPointNine() {
        Path blurred = convert("-gaussian-blur", "0x5", "blurred.png");
        assertThat(Ssim.mean(base, blurred)).isLessThan(0.9);
    }

    @Test
    void aSlightlyCompressedJpegScoresAbovePointNineFive() {
        Path jpeg = convert("-quality", "85", "compressed.jpg");
        assertThat(Ssim.mean(base, jpeg)).isGreaterThan(0.95).isLessThan(1.0);
    }

    @Test
    void aShiftOfTwoPixelsIsNoticed() {
        Path shifted = convert("-roll", "+2+0", "shifted.png");
        assertThat(Ssim.mean(base, shifted)).isLessThan(0.95);
    }

    @Test
    void isSymmetric() {
        Path jpeg = convert("-quality", "60", "q60.jpg");
        assertThat(Ssim.mean(base, jpeg)).isCloseTo(Ssim.mean(jpeg, base), within(1e-12));
    }

    @Test
    void compositesTransparentPixelsOntoWhite() {
        BufferedImage transparent = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB); // all (0,0,0,0)
        BufferedImage white = filled(40, 30, Color.WHITE);
        BufferedImage black = filled(40, 30, Color.BLACK);
        assertThat(Ssim.mean(transparent, white)).isCloseTo(1.0, within(1e-12));
        assertThat(Ssim.mean(transparent, black)).isLessThan(0.01);
    }

    @Test
    void handlesImagesSmallerThanTheWindow() {
        BufferedImage a = filled(5, 3, Color.GRAY);
        BufferedImage b = filled(5, 3, Color.GRAY);
        b.setRGB(2, 1, Color.WHITE.getRGB());
        assertThat(Ssim.mean(a, a)).isCloseTo(1.0, within(1e-12));
        assertThat(Ssim.mean(a, b)).isLessThan(1.0);
    }

    @Test
    void refusesImagesOfDifferentSizes() {
        assertThatThrownBy(() -> Ssim.mean(filled(10, 10, Color.GRAY), filled(10, 11, Color.GRAY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10x10 vs 10x11");
    }

    @Test
    void readsTheFirstFrameOfAnyFormatImageMagickKnows() {
        BufferedImage gif = Ssim.read(ImageFixtures.path("animated.gif"));
        assertThat(gif.getWidth()).isEqualTo(160);
        assertThat(gif.getHeight()).isEqualTo(120);
        BufferedImage heic = Ssim.read(ImageFixtures.path("photo.heic"));
        assertThat(heic.getWidth()).isEqualTo(1200);
        assertThat(Ssim.mean(heic, Ssim.read(ImageFixtures.path("photo.jpg")))).isGreaterThan(0.95);
    }

    private static Path convert(String option, String value, String name) {
        Path out = work.resolve(name);
        ImageTools.run("convert", base.toString(), option, value, out.toString());
        return out;
    }

    private static BufferedImage filled(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }
}
