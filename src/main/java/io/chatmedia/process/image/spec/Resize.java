package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.ops.Geometry;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Locale;
import java.util.Set;

/**
 * {@code resize}: modes lfit (default), mfit, fill, pad, fixed; {@code w}/{@code h}, else {@code l}/{@code s} (long and
 * short side), else {@code p} percent; {@code limit_1} (default) leaves an image alone that would have to grow;
 * {@code color} the pad canvas. Absent sizes are 0.
 */
public record Resize(
        Mode mode, int width, int height, int longSide, int shortSide, int percent, boolean limit, int color)
        implements ImageStep {

    public static final int MAX_SIDE = 16384;
    private static final Set<String> KEYS = Set.of("m", "w", "h", "l", "s", "p", "limit", "color");

    public enum Mode {
        LFIT,
        MFIT,
        FILL,
        PAD,
        FIXED
    }

    static Resize of(ProcessAction action) {
        Params p = Params.of(action, false, KEYS);
        Mode mode = Mode.valueOf(p.choice("m", Set.of("lfit", "mfit", "fill", "pad", "fixed"), "lfit")
                .toUpperCase(Locale.ROOT));
        int w = p.integer("w", 1, MAX_SIDE, 0);
        int h = p.integer("h", 1, MAX_SIDE, 0);
        int l = p.integer("l", 1, MAX_SIDE, 0);
        int s = p.integer("s", 1, MAX_SIDE, 0);
        int percent = p.integer("p", 1, 1000, 0);
        boolean limit = p.integer("limit", 0, 1, 1) == 1;
        int color = p.color("color", 0xFFFFFF);
        if (w == 0 && h == 0 && l == 0 && s == 0 && percent == 0) {
            throw p.fail("needs w, h, l, s or p");
        }
        if (w > 0 || h > 0) {
            l = 0;
            s = 0;
        }
        if (w > 0 || h > 0 || l > 0 || s > 0) {
            percent = 0;
        }
        return new Resize(mode, w, h, l, s, percent, limit, color);
    }

    /**
     * The size this resize makes of a {@code sourceWidth}×{@code sourceHeight} image, before a fill crop or pad canvas:
     * {@code [scaledWidth, scaledHeight, boxWidth, boxHeight]}. When {@code limit} applies (the image would have to
     * grow) the source size four times.
     */
    public int[] plan(int sourceWidth, int sourceHeight) {
        int w = width;
        int h = height;
        if (w == 0 && h == 0 && (longSide > 0 || shortSide > 0)) {
            boolean landscape = sourceWidth >= sourceHeight;
            w = landscape ? longSide : shortSide;
            h = landscape ? shortSide : longSide;
        }
        if (w == 0 && h == 0) {
            int scaledW = side(sourceWidth * (double) percent / 100);
            int scaledH = side(sourceHeight * (double) percent / 100);
            if (limit && percent > 100) {
                return new int[] {sourceWidth, sourceHeight, sourceWidth, sourceHeight};
            }
            return new int[] {scaledW, scaledH, scaledW, scaledH};
        }
        double scaleW = w > 0 ? (double) w / sourceWidth : 0;
        double scaleH = h > 0 ? (double) h / sourceHeight : 0;
        if (w == 0 || h == 0) {
            double scale = Math.max(scaleW, scaleH);
            int[] size = w > 0 ? new int[] {w, side(sourceHeight * scale)} : new int[] {side(sourceWidth * scale), h};
            if (limit && scale > 1) {
                return new int[] {sourceWidth, sourceHeight, sourceWidth, sourceHeight};
            }
            return new int[] {size[0], size[1], size[0], size[1]};
        }
        int[] scaled =
                switch (mode) {
                    case LFIT, PAD ->
                        scaleW <= scaleH
                                ? new int[] {w, side(sourceHeight * scaleW)}
                                : new int[] {side(sourceWidth * scaleH), h};
                    case MFIT, FILL ->
                        scaleW >= scaleH
                                ? new int[] {w, side(sourceHeight * scaleW)}
                                : new int[] {side(sourceWidth * scaleH), h};
                    case FIXED -> new int[] {w, h};
                };
        boolean grows = scaled[0] > sourceWidth || scaled[1] > sourceHeight;
        if (limit && grows) {
            return new int[] {sourceWidth, sourceHeight, sourceWidth, sourceHeight};
        }
        boolean boxed = mode == Mode.FILL || mode == Mode.PAD;
        return new int[] {scaled[0], scaled[1], boxed ? w : scaled[0], boxed ? h : scaled[1]};
    }

    private static int side(double value) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(value)));
    }

    @Override
    public String canonical() {
        return "resize,m_" + mode.name().toLowerCase(Locale.ROOT) + ",w_" + width + ",h_" + height
                + ",l_" + longSide + ",s_" + shortSide + ",p_" + percent + ",limit_" + (limit ? 1 : 0)
                + ",color_" + String.format("%06X", color);
    }

    @Override
    public void apply(Picture picture, StepContext context) {
        Geometry.resize(picture, this, context.limits());
    }
}
