package io.chatmedia.process.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.Tag;
import com.drew.metadata.bmp.BmpHeaderDirectory;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.gif.GifHeaderDirectory;
import com.drew.metadata.gif.GifImageDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.png.PngDirectory;
import io.chatmedia.process.image.heif.HeifDecoder;
import io.chatmedia.process.image.heif.HeifInfo;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.system.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an image's header without decoding pixels: the format from its magic bytes, size, orientation, frame count,
 * JPEG quality and EXIF (metadata-extractor for EXIF and most headers; WebP and JPEG structure by
 * hand). Fails with {@link UnreadableImageException} when the bytes are not an image ChatMedia can read.
 */
public final class ImageProbe {

    private ImageProbe() {}

    /** The format by magic bytes, or null. */
    public static ImageFormat sniff(byte[] data) {
        if (data.length >= 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8 && (data[2] & 0xFF) == 0xFF) {
            return ImageFormat.JPG;
        }
        if (startsWith(data, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return ImageFormat.PNG;
        }
        if (startsWith(data, 0, "GIF87a".getBytes()) || startsWith(data, 0, "GIF89a".getBytes())) {
            return ImageFormat.GIF;
        }
        if (startsWith(data, 0, "RIFF".getBytes()) && startsWith(data, 8, "WEBP".getBytes())) {
            return ImageFormat.WEBP;
        }
        if (startsWith(data, 0, "BM".getBytes()) && data.length > 26) {
            return ImageFormat.BMP;
        }
        if (startsWith(data, 0, new byte[] {'I', 'I', 42, 0}) || startsWith(data, 0, new byte[] {'M', 'M', 0, 42})) {
            return ImageFormat.TIFF;
        }
        if (startsWith(data, 4, "ftyp".getBytes()) && data.length >= 12) {
            String brand = new String(data, 8, 4, StandardCharsets.ISO_8859_1);
            return switch (brand) {
                case "avif", "avis" -> ImageFormat.AVIF;
                case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1" -> ImageFormat.HEIC;
                default -> null;
            };
        }
        return null;
    }

    /** @throws UnreadableImageException when the bytes are not a readable image or the header is broken */
    public static ImageHeader read(byte[] data) {
        ImageFormat format = sniff(data);
        if (format == null) {
            throw new UnreadableImageException("the file is not an image ChatMedia can read");
        }
        if (format == ImageFormat.WEBP) {
            return WebpHeader.read(data);
        }
        if (format == ImageFormat.HEIC || format == ImageFormat.AVIF) {
            HeifInfo info;
            try {
                info = HeifDecoder.probe(data);
            } catch (ApiException e) {
                throw new UnreadableImageException(e.getMessage());
            }
            return new ImageHeader(format, info.width(), info.height(), 1, 1, 0, Map.of());
        }
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(data), data.length);
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            throw new UnreadableImageException("the " + format.extension() + " header cannot be read");
        }
        int[] size = size(format, metadata);
        if (size[0] <= 0 || size[1] <= 0) {
            throw new UnreadableImageException("the " + format.extension() + " header has no image size");
        }
        int frames = format == ImageFormat.GIF
                ? Math.max(
                        1,
                        metadata.getDirectoriesOfType(GifImageDirectory.class).size())
                : 1;
        int quality = 0;
        if (format == ImageFormat.JPG) {
            JpegStructure.requireComplete(data);
            quality = JpegStructure.estimateQuality(data);
        }
        return new ImageHeader(format, size[0], size[1], orientation(metadata), frames, quality, exif(metadata));
    }

    private static int[] size(ImageFormat format, Metadata metadata) {
        try {
            return switch (format) {
                case JPG -> {
                    JpegDirectory jpeg = metadata.getFirstDirectoryOfType(JpegDirectory.class);
                    yield jpeg == null ? new int[] {0, 0} : new int[] {jpeg.getImageWidth(), jpeg.getImageHeight()};
                }
                case PNG ->
                    pair(
                            metadata.getFirstDirectoryOfType(PngDirectory.class),
                            PngDirectory.TAG_IMAGE_WIDTH,
                            PngDirectory.TAG_IMAGE_HEIGHT);
                case GIF -> gifSize(metadata);
                case BMP -> {
                    int[] bmp = pair(
                            metadata.getFirstDirectoryOfType(BmpHeaderDirectory.class),
                            BmpHeaderDirectory.TAG_IMAGE_WIDTH,
                            BmpHeaderDirectory.TAG_IMAGE_HEIGHT);
                    yield new int[] {bmp[0], Math.abs(bmp[1])};
                }
                case TIFF ->
                    pair(
                            metadata.getFirstDirectoryOfType(ExifIFD0Directory.class),
                            ExifDirectoryBase.TAG_IMAGE_WIDTH,
                            ExifDirectoryBase.TAG_IMAGE_HEIGHT);
                default -> new int[] {0, 0};
            };
        } catch (MetadataException e) {
            return new int[] {0, 0};
        }
    }

    /**
     * The logical screen, or larger when a frame reaches beyond it (a frame's own size is what a decoder allocates,
     * so a 1×1 screen cannot hide a 30000×30000 frame).
     */
    private static int[] gifSize(Metadata metadata) throws MetadataException {
        int[] size = pair(
                metadata.getFirstDirectoryOfType(GifHeaderDirectory.class),
                GifHeaderDirectory.TAG_IMAGE_WIDTH,
                GifHeaderDirectory.TAG_IMAGE_HEIGHT);
        for (GifImageDirectory frame : metadata.getDirectoriesOfType(GifImageDirectory.class)) {
            Integer left = frame.getInteger(GifImageDirectory.TAG_LEFT);
            Integer top = frame.getInteger(GifImageDirectory.TAG_TOP);
            Integer width = frame.getInteger(GifImageDirectory.TAG_WIDTH);
            Integer height = frame.getInteger(GifImageDirectory.TAG_HEIGHT);
            if (width != null && height != null) {
                size[0] = Math.max(size[0], (left == null ? 0 : left) + width);
                size[1] = Math.max(size[1], (top == null ? 0 : top) + height);
            }
        }
        return size;
    }

    private static int[] pair(Directory directory, int widthTag, int heightTag) throws MetadataException {
        if (directory == null || !directory.containsTag(widthTag) || !directory.containsTag(heightTag)) {
            return new int[] {0, 0};
        }
        return new int[] {directory.getInt(widthTag), directory.getInt(heightTag)};
    }

    private static int orientation(Metadata metadata) {
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        Integer value = ifd0 == null ? null : ifd0.getInteger(ExifDirectoryBase.TAG_ORIENTATION);
        return value != null && value >= 1 && value <= 8 ? value : 1;
    }

    /** EXIF fields by OSS-style name ({@code DateTime}, {@code GPSLatitude}...), raw values. */
    private static Map<String, String> exif(Metadata metadata) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Class<? extends Directory> type :
                List.of(ExifIFD0Directory.class, ExifSubIFDDirectory.class, GpsDirectory.class)) {
            for (Directory directory : metadata.getDirectoriesOfType(type)) {
                for (Tag tag : directory.getTags()) {
                    String name = tag.getTagName().replaceAll("[^A-Za-z0-9]", "");
                    String value = directory.getString(tag.getTagType());
                    if (!name.isEmpty() && value != null && !name.startsWith("Unknowntag") && value.length() <= 256) {
                        fields.putIfAbsent(name, value.trim());
                    }
                }
            }
        }
        return fields;
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
