package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.ops.Geometry;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code indexcrop}: cut into slices {@code x} px wide (or {@code y} px high) and keep slice {@code i}. */
public record IndexCrop(boolean horizontal, int size, int index) implements ImageStep {

    static IndexCrop of(ProcessAction action) {
        Params p = Params.of(action, false, Set.of("x", "y", "i"));
        if (p.has("x") == p.has("y")) {
            throw p.fail("needs exactly one of x or y (the slice size in px)");
        }
        boolean horizontal = p.has("x");
        int size = p.integer(horizontal ? "x" : "y", 1, 30000, 0);
        return new IndexCrop(horizontal, size, p.integer("i", 0, 30000, 0));
    }

    /** {@code [left, top, width, height]}, or null when slice {@code index} is past the end (the image is kept). */
    public int[] box(int sourceWidth, int sourceHeight) {
        int extent = horizontal ? sourceWidth : sourceHeight;
        long start = (long) index * size;
        if (start >= extent) {
            return null;
        }
        int length = (int) Math.min(size, extent - start);
        return horizontal
                ? new int[] {(int) start, 0, length, sourceHeight}
                : new int[] {0, (int) start, sourceWidth, length};
    }

    @Override
    public String canonical() {
        return "indexcrop," + (horizontal ? "x_" : "y_") + size + ",i_" + index;
    }

    @Override
    public void apply(Picture picture, StepContext context) {
        Geometry.indexCrop(picture, this);
    }
}
