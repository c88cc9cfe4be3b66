package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code average-hue}: the mean colour as {@code {"RGB":"0xRRGGBB"}}; stands alone. */
public record AverageHue() implements ImageStep {

    static AverageHue of(ProcessAction action) {
        Params.of(action, false, Set.of());
        return new AverageHue();
    }

    @Override
    public String canonical() {
        return "average-hue";
    }

    /** Answered without the pipeline: a document about the source, never chained. */
    @Override
    public void apply(Picture picture, StepContext context) {
        throw new IllegalStateException(canonical() + " is answered without the pipeline");
    }
}
