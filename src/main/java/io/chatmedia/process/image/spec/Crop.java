package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.ops.Geometry;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/**
 * {@code crop}: a {@code w}×{@code h} box (0 = to the edge) whose origin is where gravity {@code g} puts it, moved
 * right and down by {@code x},{@code y}; what overflows the image is clipped.
 */
public record Crop(int width, int height, int x, int y, Gravity gravity) implements ImageStep {

    static final int MAX = 30000;
    private static final Set<String> KEYS = Set.of("w", "h", "x", "y", "g");

    static Crop of(ProcessAction action) {
        Params p = Params.of(action, false, KEYS);
        return new Crop(
                p.integer("w", 0, MAX, 0),
                p.integer("h", 0, MAX, 0),
                p.integer("x", 0, MAX, 0),
                p.integer("y", 0, MAX, 0),
                Gravity.of(p.choice("g", Gravity.NAMES, "nw")));
    }

    /**
     * {@code [left, top, width, height]} of the box in a {@code sourceWidth}×{@code sourceHeight} image, clipped at
     * the edge.
     *
     * @throws io.chatmedia.system.ApiException 400 when the box starts outside the image
     */
    public int[] box(int sourceWidth, int sourceHeight) {
        int w = width == 0 ? sourceWidth : width;
        int h = height == 0 ? sourceHeight : height;
        int left = gravity.left(sourceWidth, Math.min(w, sourceWidth), 0) + x;
        int top = gravity.top(sourceHeight, Math.min(h, sourceHeight), 0) + y;
        if (left < 0 || top < 0 || left >= sourceWidth || top >= sourceHeight) {
            throw Params.fail(
                    "crop",
                    "the start point (" + left + "," + top + ") is outside the " + sourceWidth + "x" + sourceHeight
                            + " image");
        }
        return new int[] {left, top, Math.min(w, sourceWidth - left), Math.min(h, sourceHeight - top)};
    }

    @Override
    public String canonical() {
        return "crop,w_" + width + ",h_" + height + ",x_" + x + ",y_" + y + ",g_" + gravity.label();
    }

    @Override
    public void apply(Picture picture, StepContext context) {
        Geometry.crop(picture, this);
    }
}
