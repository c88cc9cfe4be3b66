package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code auto-orient,0|1}: whether the EXIF orientation is applied (ChatMedia applies it unless told 0). */
public record AutoOrient(boolean apply) implements ImageStep {

    static AutoOrient of(ProcessAction action) {
        Params p = Params.of(action, true, Set.of());
        return new AutoOrient(p.bareInt("auto-orient", 0, 1) == 1);
    }

    @Override
    public String canonical() {
        return "auto-orient," + (apply ? 1 : 0);
    }

    /** Nothing to do on the pixels: applied while decoding (ImageSpec#autoOrient). */
    @Override
    public void apply(Picture picture, StepContext context) {}
}
