package io.chatmedia.process.image.ops;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Draws watermark text through Java2D, headless, into a BGRA matrix just large enough for the text and its shadow.
 * {@link #measure} gives that size without drawing, so the caller can check it before anything is allocated.
 */
final class TextRenderer {

    private TextRenderer() {}

    /** The laid-out text: what {@link #draw} draws, and the canvas it needs. */
    record Layout(TextLayout text, Rectangle2D bounds, int shadowOffset, int width, int height) {}

    /**
     * @param font the font at any size
     * @param size the font size in px
     * @param shadow the shadow's opacity in % (0: none)
     */
    static Layout measure(Font font, String text, int size, int shadow) {
        Font sized = font.deriveFont(Font.PLAIN, (float) size);
        TextLayout layout = new TextLayout(text, sized, new FontRenderContext(null, true, true));
        Rectangle2D bounds = layout.getBounds();
        int offset = shadow > 0 ? Math.max(1, size / 20) : 0;
        int width = Math.max(1, (int) Math.ceil(bounds.getWidth()) + 2 + offset);
        int height = Math.max(1, (int) Math.ceil(layout.getAscent() + layout.getDescent()) + offset);
        return new Layout(layout, bounds, offset, width, height);
    }

    /**
     * @param rgb the text colour
     * @param shadow the shadow's opacity in % (0: none)
     */
    static Mat draw(Layout layout, int rgb, int shadow) {
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            float x = (float) (1 - layout.bounds().getX());
            float y = layout.text().getAscent();
            if (shadow > 0) {
                g.setColor(new Color(0, 0, 0, Math.round(shadow * 2.55f)));
                layout.text().draw(g, x + layout.shadowOffset(), y + layout.shadowOffset());
            }
            g.setColor(new Color(rgb));
            layout.text().draw(g, x, y);
        } finally {
            g.dispose();
        }
        return toBgra(image);
    }

    /** Row by row, so no second full-size copy is made on the heap. */
    private static Mat toBgra(BufferedImage image) {
        int[] argb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int width = image.getWidth();
        byte[] row = new byte[width * 4];
        Mat mat = new Mat(image.getHeight(), width, CV_8UC4);
        try (BytePointer data = mat.data()) {
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < width; x++) {
                    int p = argb[y * width + x];
                    row[4 * x] = (byte) p;
                    row[4 * x + 1] = (byte) (p >> 8);
                    row[4 * x + 2] = (byte) (p >> 16);
                    row[4 * x + 3] = (byte) (p >>> 24);
                }
                data.position((long) y * row.length).put(row, 0, row.length); // a new matrix is continuous
            }
        }
        return mat;
    }
}
