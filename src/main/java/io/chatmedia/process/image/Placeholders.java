package io.chatmedia.process.image;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.awt.image.BufferedImage;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** BlurHash placeholders from a decoded picture, shrunk first to at most {@value #SIDE} px a side. */
public final class Placeholders {

    /** Components a placeholder has by default: 4 across, 3 down (about 28 characters). */
    public static final int X = 4;

    public static final int Y = 3;

    private static final int SIDE = 32;

    private Placeholders() {}

    /** The BlurHash of an 8-bit BGR picture (alpha already flattened). */
    static String blurhash(Mat bgr, int x, int y) {
        int[] size = shrunk(bgr.cols(), bgr.rows());
        try (Size target = new Size(size[0], size[1]);
                Mat small = new Mat();
                UByteIndexer pixels = shrink(bgr, small, target)) {
            int[] rgb = new int[size[0] * size[1]];
            for (int row = 0; row < size[1]; row++) {
                for (int col = 0; col < size[0]; col++) {
                    rgb[row * size[0] + col] =
                            (pixels.get(row, col, 2) << 16) | (pixels.get(row, col, 1) << 8) | pixels.get(row, col, 0);
                }
            }
            return BlurHash.encode(rgb, size[0], size[1], x, y);
        }
    }

    /** The BlurHash of a picture (a video's cover), with the default components. */
    public static String blurhash(BufferedImage image) {
        int[] size = shrunk(image.getWidth(), image.getHeight());
        BufferedImage small = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(
                    java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, size[0], size[1], null);
        } finally {
            g.dispose();
        }
        int[] rgb = small.getRGB(0, 0, size[0], size[1], null, 0, size[0]);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        return BlurHash.encode(rgb, size[0], size[1], X, Y);
    }

    private static UByteIndexer shrink(Mat source, Mat small, Size target) {
        resize(source, small, target, 0, 0, INTER_AREA);
        return small.createIndexer();
    }

    private static int[] shrunk(int width, int height) {
        double scale = Math.min(1.0, (double) SIDE / Math.max(width, height));
        return new int[] {Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale))};
    }
}
