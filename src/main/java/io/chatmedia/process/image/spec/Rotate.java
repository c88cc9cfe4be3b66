package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.ops.Geometry;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code rotate,<degrees>}: clockwise, [0,360]; other than right angles the canvas grows to hold the whole image. */
public record Rotate(int degrees) implements ImageStep {

    static Rotate of(ProcessAction action) {
        Params p = Params.of(action, true, Set.of());
        return new Rotate(p.bareInt("the angle", 0, 360) % 360);
    }

    @Override
    public String canonical() {
        return "rotate," + degrees;
    }

    @Override
    public void apply(Picture picture, StepContext context) {
        Geometry.rotate(picture, this, context.limits());
    }
}
