package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/**
 * {@code quality,q_} (relative: that percentage of the source JPEG's own quality) or {@code quality,Q_} (absolute,
 * never above the source's); JPG and WebP output.
 */
public record Quality(int value, boolean relative) implements ImageStep {

    static Quality of(ProcessAction action) {
        Params p = Params.of(action, false, Set.of("q", "Q"));
        if (p.has("Q")) {
            return new Quality(p.integer("Q", 1, 100, 0), false);
        }
        if (p.has("q")) {
            return new Quality(p.integer("q", 1, 100, 0), true);
        }
        throw p.fail("needs q (relative) or Q (absolute) in [1,100]");
    }

    /** The encoder quality for a source of quality {@code sourceQuality} (100 when it is not a lossy JPEG). */
    public int resolve(int sourceQuality) {
        int resolved = relative ? Math.round(sourceQuality * value / 100f) : Math.min(value, sourceQuality);
        return Math.max(1, Math.min(100, resolved));
    }

    @Override
    public String canonical() {
        return "quality," + (relative ? "q_" : "Q_") + value;
    }

    /** Nothing to do on the pixels: the encoder's setting. */
    @Override
    public void apply(Picture picture, StepContext context) {}
}
