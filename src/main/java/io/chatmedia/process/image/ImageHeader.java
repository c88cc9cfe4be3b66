package io.chatmedia.process.image;

import io.chatmedia.process.image.spec.ImageFormat;
import java.util.Map;

/**
 * What an image's header says, read without decoding: the stored size (before orientation), the EXIF orientation
 * (1–8), frames, the JPEG quality its tables imply (0 when not a JPEG) and its EXIF fields by name.
 */
public record ImageHeader(
        ImageFormat format,
        int width,
        int height,
        int orientation,
        int frames,
        int jpegQuality,
        Map<String, String> exif) {

    public ImageHeader {
        exif = Map.copyOf(exif);
    }

    /** Orientations 5–8 turn the image a quarter: width and height swap once applied. */
    public boolean quarterTurned() {
        return orientation >= 5 && orientation <= 8;
    }

    public int uprightWidth() {
        return quarterTurned() ? height : width;
    }

    public int uprightHeight() {
        return quarterTurned() ? width : height;
    }

    public boolean animated() {
        return frames > 1;
    }
}
