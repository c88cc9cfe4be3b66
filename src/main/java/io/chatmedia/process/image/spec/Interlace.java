package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code interlace,0|1}: a progressive JPEG. */
public record Interlace(boolean progressive) implements ImageStep {

    static Interlace of(ProcessAction action) {
        Params p = Params.of(action, true, Set.of());
        return new Interlace(p.bareInt("interlace", 0, 1) == 1);
    }

    @Override
    public String canonical() {
        return "interlace," + (progressive ? 1 : 0);
    }

    /** Nothing to do on the pixels: the encoder's setting. */
    @Override
    public void apply(Picture picture, StepContext context) {}
}
