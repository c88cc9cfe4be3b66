package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.ops.Masks;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code circle,r_}: the disc of radius r around the centre, as a (2r+1) square with the outside transparent. */
public record Circle(int radius) implements ImageStep {

    static Circle of(ProcessAction action) {
        Params p = Params.of(action, false, Set.of("r"));
        if (!p.has("r")) {
            throw p.fail("needs r in [1,4096]");
        }
        return new Circle(p.integer("r", 1, 4096, 0));
    }

    @Override
    public String canonical() {
        return "circle,r_" + radius;
    }

    @Override
    public void apply(Picture picture, StepContext context) {
        Masks.circle(picture, this);
    }
}
