package io.chatmedia.process.image.heif;

import io.chatmedia.system.ApiException;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reads HEIC/HEIF (HEVC) and AVIF (AV1) still images in-process with FFmpeg's natives, which OpenCV and ImageIO
 * cannot: the primary image, a grid's tiles (an iPhone's 4032x3024 photo is 8x6 HEVC pictures of 512x512) decoded
 * and put in place, cropped to the grid's size, then turned upright by the file's {@code irot} and {@code imir}
 * (which FFmpeg gives as a display matrix). No colour management: BGR from each picture's own YCbCr matrix and
 * range, its primaries (Display P3 on iPhones) taken as sRGB.
 *
 * <p>Thread-safe; each call opens and frees its own native objects, on every path. Natives must be loaded first
 * ({@code NativeLibraries} in the application, {@code Loader.load} in tests).
 */
public final class HeifDecoder {

    private HeifDecoder() {}

    /**
     * The primary image's header, nothing decoded.
     *
     * @throws ApiException 400 when the file is not a HEIF/AVIF image FFmpeg can read, or is cut short
     */
    public static HeifInfo probe(byte[] file) {
        try (HeifContainer container = HeifContainer.open(file)) {
            return info(container.layout());
        }
    }

    /**
     * The primary image, upright, as an 8-bit BGR Mat ({@code CV_8UC3}, continuous) that the caller closes.
     *
     * @throws ApiException 400 when it is not a readable HEIF/AVIF image, or when its width x height (or the
     *                      pixels its tiles code) is over {@code maxPixels}: refused before anything is decoded
     */
    public static Mat decode(byte[] file, long maxPixels) {
        try (HeifContainer container = HeifContainer.open(file)) {
            HeifLayout layout = container.layout();
            long pixels = (long) layout.width() * layout.height();
            if (pixels > maxPixels || layout.codedPixels() / 2 > maxPixels) {
                throw ApiException.badRequest("the image is " + layout.uprightWidth() + "x" + layout.uprightHeight()
                        + ", over the limit of " + maxPixels + " pixels");
            }
            try (Canvas canvas =
                    new Canvas(layout.width(), layout.height(), layout.orientation(), layout.backgroundBgr())) {
                TileDecoder.decode(container.context(), layout, canvas);
                return canvas.take();
            }
        }
    }

    private static HeifInfo info(HeifLayout layout) {
        return new HeifInfo(
                layout.uprightWidth(),
                layout.uprightHeight(),
                false,
                layout.codec(),
                layout.tiles().size());
    }
}
