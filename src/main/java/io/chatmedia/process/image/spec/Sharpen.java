package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.ops.Filters;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code sharpen,<v>}, v in [50,399]: an unsharp mask (σ 1 px) of strength v/100. */
public record Sharpen(int amount) implements ImageStep {

    static Sharpen of(ProcessAction action) {
        Params p = Params.of(action, true, Set.of());
        return new Sharpen(p.bareInt("sharpen", 50, 399));
    }

    @Override
    public String canonical() {
        return "sharpen," + amount;
    }

    @Override
    public void apply(Picture picture, StepContext context) {
        Filters.sharpen(picture, this);
    }
}
