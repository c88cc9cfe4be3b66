package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.spec.ProcessAction;
import java.util.Locale;
import java.util.Set;

/** {@code format,<name>}: the output format. */
public record Format(ImageFormat format) implements ImageStep {

    static Format of(ProcessAction action) {
        Params p = Params.of(action, true, Set.of());
        if (p.bare() == null) {
            throw p.fail("needs a format: " + ImageFormat.OUTPUT_NAMES);
        }
        String name = p.bare().toLowerCase(Locale.ROOT);
        if (name.equals("heic") || name.equals("heif")) {
            throw p.fail("heic output is not available: no HEIF encoder ships with ChatMedia (use jpg, webp or avif)");
        }
        ImageFormat format = ImageFormat.byName(name);
        if (format == null || !format.writable()) {
            throw p.fail("'" + Params.shorten(p.bare()) + "' is not one of " + ImageFormat.OUTPUT_NAMES);
        }
        return new Format(format);
    }

    @Override
    public String canonical() {
        return "format," + format.extension();
    }

    /** Nothing to do on the pixels: the encoder's (ImageSpec#outputFormat). */
    @Override
    public void apply(Picture picture, StepContext context) {}
}
