package io.chatmedia.process.image;

import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.process.image.spec.ImageSpec;
import io.chatmedia.process.image.spec.ImageStep;
import io.chatmedia.process.image.spec.Resize;
import java.util.ArrayList;
import java.util.List;

/**
 * How a source is decoded for a spec: JPEG at 1/2, 1/4 or 1/8 of its size when the first step is a resize that shrinks
 * at least that much, and the steps to run on what was decoded (a percent resize in first place becomes the absolute
 * size it means on the full-size source; the cache key stays the request's own).
 *
 * @param reduction 1, 2, 4 or 8
 */
record DecodePlan(int reduction, ImageSpec steps) {

    static DecodePlan of(ImageSpec spec, ImageHeader header) {
        if (header.format() != ImageFormat.JPG
                || spec.steps().isEmpty()
                || !(spec.steps().get(0) instanceof Resize resize)) {
            return new DecodePlan(1, spec);
        }
        boolean oriented = spec.autoOrient() && header.quarterTurned();
        int uprightW = oriented ? header.height() : header.width();
        int uprightH = oriented ? header.width() : header.height();
        int[] plan = resize.plan(uprightW, uprightH);
        int neededW = oriented ? plan[1] : plan[0];
        int neededH = oriented ? plan[0] : plan[1];
        int reduction = ImageDecoder.reductionFor(header.width(), header.height(), neededW, neededH);
        if (reduction == 1 || resize.percent() == 0) {
            return new DecodePlan(reduction, spec);
        }
        List<ImageStep> steps = new ArrayList<>(spec.steps());
        steps.set(0, new Resize(Resize.Mode.FIXED, plan[0], plan[1], 0, 0, 0, false, resize.color()));
        return new DecodePlan(reduction, new ImageSpec(steps));
    }
}
