package io.chatmedia.testsupport;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Mean structural similarity (SSIM) of two images of equal size, as Wang, Bovik, Sheikh and Simoncelli define it
 * ("Image quality assessment: from error visibility to structural similarity", IEEE TIP 2004): on luminance
 * (Rec. 601 luma, 0..255), with an 11×11 Gaussian window of σ = 1.5 slid over every position where it fits
 * ("valid"), C1 = (0.01·255)², C2 = (0.03·255)², averaged over the SSIM map. Unlike the authors' MATLAB script
 * it does not first downsample large images, so it is somewhat stricter on fine detail. Images smaller than
 * the window use a window as large as their short side (odd), with σ scaled to match.
 *
 * <p>Transparent pixels are composited onto white first, as a viewer on a white page shows them.
 * {@link #read} decodes any format ImageMagick knows (its first frame) through a PNG.
 */
public final class Ssim {

    private static final int WINDOW = 11;
    private static final double SIGMA = 1.5;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);

    private Ssim() {}

    /** Mean SSIM of two image files (first frames), each decoded by {@link #read}. */
    public static double mean(Path a, Path b) {
        return mean(read(a), read(b));
    }

    /**
     * Mean SSIM of two images, 1.0 for identical luminance.
     *
     * @throws IllegalArgumentException when their sizes differ
     */
    public static double mean(BufferedImage a, BufferedImage b) {
        int width = a.getWidth();
        int height = a.getHeight();
        if (b.getWidth() != width || b.getHeight() != height) {
            throw new IllegalArgumentException(
                    "SSIM needs equal sizes: " + width + "x" + height + " vs " + b.getWidth() + "x" + b.getHeight());
        }
        int window = Math.min(WINDOW, Math.min(width, height));
        if (window % 2 == 0) {
            window--;
        }
        double[] kernel = gaussian(window, SIGMA * window / WINDOW);
        double[] x = luminance(a);
        double[] y = luminance(b);
        double[] xx = new double[x.length];
        double[] yy = new double[x.length];
        double[] xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        int outW = width - window + 1;
        int outH = height - window + 1;
        double[] muX = filter(x, width, height, kernel);
        double[] muY = filter(y, width, height, kernel);
        double[] sXX = filter(xx, width, height, kernel);
        double[] sYY = filter(yy, width, height, kernel);
        double[] sXY = filter(xy, width, height, kernel);
        double sum = 0;
        for (int i = 0; i < outW * outH; i++) {
            double mx = muX[i];
            double my = muY[i];
            double varX = sXX[i] - mx * mx;
            double varY = sYY[i] - my * my;
            double cov = sXY[i] - mx * my;
            sum += ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (varX + varY + C2));
        }
        return sum / (outW * outH);
    }

    /**
     * The first frame of an image file in any format ImageMagick reads, as {@code convert <file>[0] png:-} decodes
     * it (8 bits a channel), through ImageIO. Alpha is kept; {@link #mean} flattens it onto white.
     */
    public static BufferedImage read(Path file) {
        byte[] png = ImageTools.run("convert", file.toAbsolutePath() + "[0]", "-depth", "8", "png:-");
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalStateException("ImageIO cannot read the PNG that convert made of " + file);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rec. 601 luma of each pixel, after compositing it onto white by its alpha. */
    static double[] luminance(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        double[] luma = new double[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            double alpha = (p >>> 24) / 255.0;
            double r = ((p >> 16) & 0xFF) * alpha + 255 * (1 - alpha);
            double g = ((p >> 8) & 0xFF) * alpha + 255 * (1 - alpha);
            double b = (p & 0xFF) * alpha + 255 * (1 - alpha);
            luma[i] = 0.299 * r + 0.587 * g + 0.114 * b;
        }
        return luma;
    }

    private static double[] gaussian(int size, double sigma) {
        double[] kernel = new double[size];
        int half = size / 2;
        double total = 0;
        for (int i = 0; i < size; i++) {
            kernel[i] = Math.exp(-((i - half) * (i - half)) / (2 * sigma * sigma));
            total += kernel[i];
        }
        for (int i = 0; i < size; i++) {
            kernel[i] /= total;
        }
        return kernel;
    }

    /** Separable "valid" convolution: the output is (width − k + 1) × (height − k + 1). */
    private static double[] filter(double[] in, int width, int height, double[] kernel) {
        int k = kernel.length;
        int outW = width - k + 1;
        int outH = height - k + 1;
        double[] rows = new double[outW * height];
        for (int y = 0; y < height; y++) {
            int base = y * width;
            for (int x = 0; x < outW; x++) {
                double s = 0;
                for (int i = 0; i < k; i++) {
                    s += kernel[i] * in[base + x + i];
                }
                rows[y * outW + x] = s;
            }
        }
        double[] out = new double[outW * outH];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                double s = 0;
                for (int i = 0; i < k; i++) {
                    s += kernel[i] * rows[(y + i) * outW + x];
                }
                out[y * outW + x] = s;
            }
        }
        return out;
    }
}
