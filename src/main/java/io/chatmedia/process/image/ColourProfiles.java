package io.chatmedia.process.image;

import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.system.Sha256;
import java.awt.color.CMMException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.color.ProfileDataException;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The source's embedded ICC profile (JPEG APP2, PNG iCCP, WebP ICCP): outputs carry no metadata, so pixels described
 * by another RGB profile than sRGB (Display P3 from phones, Adobe RGB from cameras) are converted to sRGB — with the
 * JDK's LittleCMS — so they look the same without it. sRGB, absent, damaged or non-RGB profiles leave pixels alone.
 */
final class ColourProfiles {

    private static final int MAX_PROFILE = 4 * 1024 * 1024;
    /**
     * Whether a profile (by its SHA-256) counts as sRGB: the check builds a colour transform (~4 ms), and most photos
     * carry one of a handful of profiles. Bounded: emptied when it grows past {@link #MAX_VERDICTS}.
     */
    private static final Map<String, Boolean> SRGB_VERDICTS = new ConcurrentHashMap<>();

    private static final int MAX_VERDICTS = 256;

    private ColourProfiles() {}

    /** The profile to convert from, or null when nothing needs converting. */
    static ICC_Profile nonSrgb(byte[] data, ImageFormat format) {
        if (SRGB_VERDICTS.size() > MAX_VERDICTS) {
            SRGB_VERDICTS.clear();
        }
        byte[] raw =
                switch (format) {
                    case JPG -> jpeg(data);
                    case PNG -> png(data);
                    case WEBP -> webp(data);
                    default -> null;
                };
        if (raw == null || raw.length < 132) {
            return null;
        }
        try {
            ICC_Profile profile = ICC_Profile.getInstance(raw);
            if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB
                    || SRGB_VERDICTS.computeIfAbsent(Sha256.hex(raw), hash -> isSrgb(profile))) {
                return null;
            }
            return profile;
        } catch (IllegalArgumentException | CMMException | ProfileDataException e) {
            return null;
        }
    }

    /** A copy of a BGR(A) frame converted from {@code profile} to sRGB; alpha kept. */
    static Mat toSrgb(Mat frame, ICC_Profile profile) {
        int width = frame.cols();
        int height = frame.rows();
        int channels = frame.channels();
        byte[] pixels = new byte[width * height * channels];
        try (BytePointer data = frame.data()) {
            if (frame.isContinuous()) {
                data.get(pixels);
            } else {
                for (int y = 0; y < height; y++) {
                    data.position(y * frame.step()).get(pixels, y * width * channels, width * channels);
                }
            }
        }
        byte[] converted = pixels.clone();
        int[] bgr = {2, 1, 0};
        WritableRaster source = Raster.createInterleavedRaster(
                new DataBufferByte(pixels, pixels.length), width, height, width * channels, channels, bgr, null);
        WritableRaster target = Raster.createInterleavedRaster(
                new DataBufferByte(converted, converted.length), width, height, width * channels, channels, bgr, null);
        new ColorConvertOp(new ICC_ColorSpace(profile), ColorSpace.getInstance(ColorSpace.CS_sRGB), null)
                .filter(source, target);
        Mat out = new Mat(height, width, frame.type());
        try (BytePointer data = out.data()) {
            data.put(converted);
        }
        return out;
    }

    /** Whether converting through the profile leaves sample colours where they are (any sRGB variant does). */
    private static boolean isSrgb(ICC_Profile profile) {
        byte[] samples = {
            0,
            0,
            0,
            64,
            64,
            64,
            (byte) 128,
            (byte) 128,
            (byte) 128,
            (byte) 200,
            (byte) 200,
            (byte) 200,
            (byte) 255,
            0,
            0,
            0,
            (byte) 255,
            0,
            0,
            0,
            (byte) 255,
            (byte) 255,
            (byte) 255,
            (byte) 255
        };
        byte[] converted = samples.clone();
        int[] rgb = {0, 1, 2};
        WritableRaster source =
                Raster.createInterleavedRaster(new DataBufferByte(samples, samples.length), 8, 1, 24, 3, rgb, null);
        WritableRaster target =
                Raster.createInterleavedRaster(new DataBufferByte(converted, converted.length), 8, 1, 24, 3, rgb, null);
        new ColorConvertOp(new ICC_ColorSpace(profile), ColorSpace.getInstance(ColorSpace.CS_sRGB), null)
                .filter(source, target);
        for (int i = 0; i < samples.length; i++) {
            if (Math.abs((samples[i] & 0xFF) - (converted[i] & 0xFF)) > 3) {
                return false;
            }
        }
        return true;
    }

    private static byte[] jpeg(byte[] data) {
        byte[][] chunks = new byte[256][];
        int at = 2;
        int total = 0;
        while (at + 4 <= data.length && (data[at] & 0xFF) == 0xFF) {
            int marker = data[at + 1] & 0xFF;
            int length = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
            if (marker == 0xDA || length < 2 || at + 2 + length > data.length) {
                break;
            }
            if (marker == 0xE2
                    && length > 16
                    && new String(data, at + 4, 12, StandardCharsets.ISO_8859_1).equals("ICC_PROFILE\0")) {
                int sequence = data[at + 16] & 0xFF;
                byte[] chunk = Arrays.copyOfRange(data, at + 18, at + 2 + length);
                chunks[sequence] = chunk;
                total += chunk.length;
            }
            at += 2 + length;
        }
        if (total == 0 || total > MAX_PROFILE) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        for (byte[] chunk : chunks) {
            if (chunk != null) {
                out.writeBytes(chunk);
            }
        }
        return out.toByteArray();
    }

    private static byte[] png(byte[] data) {
        int at = 8;
        while (at + 12 <= data.length) {
            int length = ((data[at] & 0xFF) << 24)
                    | ((data[at + 1] & 0xFF) << 16)
                    | ((data[at + 2] & 0xFF) << 8)
                    | (data[at + 3] & 0xFF);
            String type = new String(data, at + 4, 4, StandardCharsets.ISO_8859_1);
            if (length < 0 || at + 12 + (long) length > data.length || type.equals("IDAT")) {
                return null;
            }
            if (type.equals("iCCP")) {
                int name = at + 8;
                while (name < at + 8 + length && data[name] != 0) {
                    name++;
                }
                return inflate(data, name + 2, at + 8 + length - name - 2);
            }
            at += 12 + length;
        }
        return null;
    }

    private static byte[] webp(byte[] data) {
        int at = 12;
        while (at + 8 <= data.length) {
            String fourcc = new String(data, at, 4, StandardCharsets.ISO_8859_1);
            long size = (data[at + 4] & 0xFFL)
                    | ((data[at + 5] & 0xFFL) << 8)
                    | ((data[at + 6] & 0xFFL) << 16)
                    | ((data[at + 7] & 0xFFL) << 24);
            if (at + 8 + size > data.length) {
                return null;
            }
            if (fourcc.equals("ICCP")) {
                return size > MAX_PROFILE ? null : Arrays.copyOfRange(data, at + 8, at + 8 + (int) size);
            }
            at += 8 + (int) size + (int) (size & 1);
        }
        return null;
    }

    private static byte[] inflate(byte[] data, int offset, int length) {
        if (length <= 0) {
            return null;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, offset, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished() && out.size() <= MAX_PROFILE) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.size() > MAX_PROFILE ? null : out.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }
}
