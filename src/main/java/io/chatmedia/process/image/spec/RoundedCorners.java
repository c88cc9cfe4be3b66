package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.ops.Masks;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code rounded-corners,r_}: corners of radius r (capped at half the short side) made transparent. */
public record RoundedCorners(int radius) implements ImageStep {

    static RoundedCorners of(ProcessAction action) {
        Params p = Params.of(action, false, Set.of("r"));
        if (!p.has("r")) {
            throw p.fail("needs r in [1,4096]");
        }
        return new RoundedCorners(p.integer("r", 1, 4096, 0));
    }

    @Override
    public String canonical() {
        return "rounded-corners,r_" + radius;
    }

    @Override
    public void apply(Picture picture, StepContext context) {
        Masks.roundedCorners(picture, this);
    }
}
