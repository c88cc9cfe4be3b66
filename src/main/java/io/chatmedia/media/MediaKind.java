package io.chatmedia.media;

import java.util.Locale;

/** What a media item is, from its sniffed content type. */
public enum MediaKind {
    IMAGE,
    VIDEO,
    AUDIO,
    FILE;

    /**
     * Images, videos and audio by their top-level type; SVG is markup, not a raster image, so it is a file
     * (never processed, never served inline). Everything else is a file.
     */
    public static MediaKind of(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/") && !type.startsWith("image/svg")) {
            return IMAGE;
        }
        if (type.startsWith("video/")) {
            return VIDEO;
        }
        if (type.startsWith("audio/")) {
            return AUDIO;
        }
        return FILE;
    }

    /** The lower-case name used in the database and in answers. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MediaKind fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
