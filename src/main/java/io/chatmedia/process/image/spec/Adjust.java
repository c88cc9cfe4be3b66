package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.ops.Filters;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/**
 * {@code bright,<v>} and {@code contrast,<v>}, v in [-100,100], with ImageMagick's {@code -brightness-contrast}
 * curve: brightness shifts by v % of the range; contrast tilts around mid-grey with slope tan(π(v/100+1)/4).
 */
public record Adjust(boolean contrast, int amount) implements ImageStep {

    static Adjust of(ProcessAction action) {
        Params p = Params.of(action, true, Set.of());
        return new Adjust(action.name().equals("contrast"), p.bareInt(action.name(), -100, 100));
    }

    /** The 256-entry curve for one channel. */
    public int[] curve() {
        int[] table = new int[256];
        double slope = contrast ? Math.min(1000, Math.tan(Math.PI * (amount / 100.0 + 1) / 4)) : 1;
        double intercept = contrast ? (1 - slope) / 2 : amount / 100.0;
        for (int i = 0; i < 256; i++) {
            table[i] = (int) Math.max(0, Math.min(255, Math.round((slope * i / 255.0 + intercept) * 255)));
        }
        return table;
    }

    @Override
    public String canonical() {
        return (contrast ? "contrast," : "bright,") + amount;
    }

    @Override
    public void apply(Picture picture, StepContext context) {
        Filters.adjust(picture, this);
    }
}
