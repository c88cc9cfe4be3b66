package io.chatmedia.process.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Placeholders decoded back resemble their source. The decoder is checked first against npm's {@code blurhash} 2.0
 * ({@code decode(hash, 8, 6)} of the hash in its README, pixels printed by node); then the photo's placeholder, decoded
 * 8 px wide (about the detail 4×3 components hold), is compared with the photo shrunk to the same size (area average):
 * luma correlation 0.73 (an upside-down photo's placeholder: -0.28), its average colour that of the photo
 * within 0.02 in linear light.
 */
class BlurHashDecodeTest {

    /** npm blurhash 2.0: {@code decode("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 8, 6)}, RGB of each pixel (alpha dropped). */
    private static final int[] README_8X6 = {
        135, 164, 177, 143, 167, 177, 161, 173, 177, 176, 178, 174, 181, 180, 171, 175, 177, 171, 160, 172, 174, 144,
                167,
        179, 131, 161, 175, 140, 162, 174, 157, 166, 170, 171, 168, 165, 176, 169, 161, 170, 168, 162, 155, 166, 169,
                141,
        163, 176, 124, 154, 169, 131, 153, 165, 148, 148, 154, 161, 145, 141, 164, 145, 134, 159, 148, 140, 146, 152,
                155,
        134, 154, 169, 120, 148, 162, 127, 144, 155, 141, 134, 139, 154, 126, 118, 158, 125, 108, 153, 132, 118, 142,
                140,
        141, 130, 146, 159, 124, 144, 154, 130, 141, 148, 144, 134, 132, 157, 129, 113, 163, 130, 104, 160, 135, 114,
                148,
        140, 134, 133, 142, 151, 132, 144, 149, 138, 144, 145, 151, 144, 135, 166, 146, 124, 174, 148, 118, 171, 149,
                123,
        158, 147, 135, 139, 143, 146
    };

    @Test
    void decodesAsTheReferenceDoes() {
        int[] rgb = BlurHashDecoder.decode("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 8, 6);
        int[] channels = new int[rgb.length * 3];
        for (int p = 0; p < rgb.length; p++) {
            channels[3 * p] = rgb[p] >> 16;
            channels[3 * p + 1] = (rgb[p] >> 8) & 255;
            channels[3 * p + 2] = rgb[p] & 255;
        }
        assertThat(channels).containsExactly(README_8X6);
    }

    @Test
    void thePhotosPlaceholderResemblesThePhoto() throws Exception {
        BufferedImage photo = ImageIO.read(new File("src/test/resources/image/photo.jpg"));
        int width = 8;
        int height = Math.max(1, Math.round(8f * photo.getHeight() / photo.getWidth()));
        int[] source = shrink(photo, width, height);
        int[] decoded = BlurHashDecoder.decode(Placeholders.blurhash(photo), width, height);
        int[] flipped = BlurHashDecoder.decode(Placeholders.blurhash(flip(photo)), width, height);

        double resemblance = correlation(luma(source), luma(decoded));
        assertThat(resemblance).as("luma correlation with the photo").isGreaterThan(0.6);
        assertThat(correlation(luma(source), luma(flipped)))
                .as("an upside-down photo's placeholder resembles it less")
                .isLessThan(resemblance - 0.5);
        int average = BlurHashDecoder.averageColour(Placeholders.blurhash(photo));
        int[] all = photo.getRGB(0, 0, photo.getWidth(), photo.getHeight(), null, 0, photo.getWidth());
        for (int shift = 0; shift <= 16; shift += 8) {
            assertThat(Math.abs(linearMean(new int[] {average}, shift) - linearMean(all, shift)))
                    .as("average colour, channel >> %d, in linear light", shift)
                    .isLessThan(0.02);
        }
    }

    private static int[] shrink(BufferedImage image, int width, int height) {
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.drawImage(image.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return small.getRGB(0, 0, width, height, null, 0, width);
    }

    private static BufferedImage flip(BufferedImage image) {
        BufferedImage flipped = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flipped.createGraphics();
        g.drawImage(image, 0, image.getHeight(), image.getWidth(), -image.getHeight(), null);
        g.dispose();
        return flipped;
    }

    private static double[] luma(int[] rgb) {
        return Arrays.stream(rgb)
                .mapToDouble(p -> 0.299 * ((p >> 16) & 255) + 0.587 * ((p >> 8) & 255) + 0.114 * (p & 255))
                .toArray();
    }

    /** BlurHash averages in linear light: its first component is the picture's mean there. */
    private static double linearMean(int[] rgb, int shift) {
        return Arrays.stream(rgb)
                .mapToDouble(p -> {
                    double v = ((p >> shift) & 255) / 255.0;
                    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
                })
                .average()
                .orElse(0);
    }

    private static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }
}
