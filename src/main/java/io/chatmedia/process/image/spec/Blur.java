package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.ops.Filters;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code blur,r_,s_}: Gaussian blur with a (2r+1) kernel and standard deviation s. */
public record Blur(int radius, int sigma) implements ImageStep {

    static Blur of(ProcessAction action) {
        Params p = Params.of(action, false, Set.of("r", "s"));
        if (!p.has("r") || !p.has("s")) {
            throw p.fail("needs r and s, each in [1,50]");
        }
        return new Blur(p.integer("r", 1, 50, 0), p.integer("s", 1, 50, 0));
    }

    @Override
    public String canonical() {
        return "blur,r_" + radius + ",s_" + sigma;
    }

    @Override
    public void apply(Picture picture, StepContext context) {
        Filters.blur(picture, this);
    }
}
