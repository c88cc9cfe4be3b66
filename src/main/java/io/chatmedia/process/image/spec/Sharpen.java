package io.chatmedia.process.image.spec;

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
}
