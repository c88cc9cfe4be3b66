package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code blurhash,x_<1..9>,y_<1..9>}: the BlurHash placeholder as {@code {"blurhash":"..."}}; stands alone. */
public record BlurHashStep(int x, int y) implements ImageStep {

    static BlurHashStep of(ProcessAction action) {
        Params params = Params.of(action, false, Set.of("x", "y"));
        return new BlurHashStep(params.integer("x", 1, 9, 4), params.integer("y", 1, 9, 3));
    }

    @Override
    public String canonical() {
        return "blurhash,x_" + x + ",y_" + y;
    }

    /** Answered without the pipeline: a document about the source, never chained. */
    @Override
    public void apply(Picture picture, StepContext context) {
        throw new IllegalStateException(canonical() + " is answered without the pipeline");
    }
}
