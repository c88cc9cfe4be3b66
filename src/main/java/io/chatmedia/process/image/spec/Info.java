package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code info}: the image's size, format, frames and EXIF as OSS's JSON; stands alone. */
public record Info() implements ImageStep {

    static Info of(ProcessAction action) {
        Params.of(action, false, Set.of());
        return new Info();
    }

    @Override
    public String canonical() {
        return "info";
    }

    /** Answered without the pipeline: a document about the source, never chained. */
    @Override
    public void apply(Picture picture, StepContext context) {
        throw new IllegalStateException(canonical() + " is answered without the pipeline");
    }
}
