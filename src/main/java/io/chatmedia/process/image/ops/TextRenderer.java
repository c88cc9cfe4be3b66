package io.chatmedia.process.image.ops;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Draws watermark text with the bundled WenQuanYi Micro Hei (Latin and CJK) through Java2D, headless, into a BGRA
 * matrix just large enough for the text and its shadow.
 */
final class TextRenderer {

    private static final String FONT = "/fonts/wqy-microhei.ttc";
    private static final Font BASE = load();

    private TextRenderer() {}

    private static Font load() {
        System.setProperty("java.awt.headless", "true");
        try (InputStream in = TextRenderer.class.getResourceAsStream(FONT)) {
            if (in == null) {
                throw new IllegalStateException("the bundled font " + FONT + " is missing");
            }
            return Font.createFonts(in)[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("the bundled font cannot be read", e);
        }
    }

    /**
     * @param size the font size in px
     * @param rgb the text colour
     * @param shadow the shadow's opacity in % (0: none)
     */
    static Mat render(String text, int size, int rgb, int shadow) {
        Font font = BASE.deriveFont(Font.PLAIN, (float) size);
        FontRenderContext context = new FontRenderContext(null, true, true);
        TextLayout layout = new TextLayout(text, font, context);
        Rectangle2D bounds = layout.getBounds();
        int offset = shadow > 0 ? Math.max(1, size / 20) : 0;
        int width = Math.max(1, (int) Math.ceil(bounds.getWidth()) + 2 + offset);
        int height = Math.max(1, (int) Math.ceil(layout.getAscent() + layout.getDescent()) + offset);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            float x = (float) (1 - bounds.getX());
            float y = layout.getAscent();
            if (shadow > 0) {
                g.setColor(new Color(0, 0, 0, Math.round(shadow * 2.55f)));
                layout.draw(g, x + offset, y + offset);
            }
            g.setColor(new Color(rgb));
            layout.draw(g, x, y);
        } finally {
            g.dispose();
        }
        return toBgra(image);
    }

    private static Mat toBgra(BufferedImage image) {
        int[] argb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        byte[] bgra = new byte[argb.length * 4];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            bgra[4 * i] = (byte) p;
            bgra[4 * i + 1] = (byte) (p >> 8);
            bgra[4 * i + 2] = (byte) (p >> 16);
            bgra[4 * i + 3] = (byte) (p >>> 24);
        }
        Mat mat = new Mat(image.getHeight(), image.getWidth(), CV_8UC4);
        try (BytePointer data = mat.data()) {
            data.put(bgra);
        }
        return mat;
    }
}
