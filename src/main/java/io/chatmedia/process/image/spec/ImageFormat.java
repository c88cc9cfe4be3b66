package io.chatmedia.process.image.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The image formats ChatMedia reads, and which of them it writes. */
public enum ImageFormat {
    JPG("jpg", "image/jpeg", true, false),
    PNG("png", "image/png", true, true),
    WEBP("webp", "image/webp", true, true),
    GIF("gif", "image/gif", true, true),
    BMP("bmp", "image/bmp", true, false),
    TIFF("tiff", "image/tiff", true, true),
    AVIF("avif", "image/avif", true, false),
    HEIC("heic", "image/heic", false, false);

    static final String OUTPUT_NAMES = Arrays.stream(values())
            .filter(ImageFormat::writable)
            .map(ImageFormat::extension)
            .collect(Collectors.joining(", "));

    private final String extension;
    private final String contentType;
    private final boolean writable;
    private final boolean alpha;

    ImageFormat(String extension, String contentType, boolean writable, boolean alpha) {
        this.extension = extension;
        this.contentType = contentType;
        this.writable = writable;
        this.alpha = alpha;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public boolean writable() {
        return writable;
    }

    /** Whether the output keeps transparency; others are flattened onto white. */
    public boolean alpha() {
        return alpha;
    }

    /** A format by name or common alias ({@code jpeg}, {@code tif}, {@code heif}); null when unknown. */
    public static ImageFormat byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "jpg", "jpeg" -> JPG;
            case "tif", "tiff" -> TIFF;
            case "heif", "heic" -> HEIC;
            default ->
                Arrays.stream(values())
                        .filter(f -> f.extension.equals(lower))
                        .findFirst()
                        .orElse(null);
        };
    }

    /** The format of a content type, or null for one ChatMedia cannot read. */
    public static ImageFormat ofContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return switch (type) {
            case "image/jpeg", "image/jpg", "image/pjpeg" -> JPG;
            case "image/png", "image/apng" -> PNG;
            case "image/webp" -> WEBP;
            case "image/gif" -> GIF;
            case "image/bmp", "image/x-bmp", "image/x-ms-bmp" -> BMP;
            case "image/tiff" -> TIFF;
            case "image/avif" -> AVIF;
            case "image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence" -> HEIC;
            default -> null;
        };
    }

    /** What an image of this format is written as when no {@code format} step says otherwise. */
    public ImageFormat defaultOutput() {
        return this == HEIC || this == AVIF ? JPG : this;
    }
}
