package io.chatmedia.process.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecodeanimation;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.image.heif.HeifDecoder;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.system.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs.Animation;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a whole image held in memory into a {@link Picture}: stills through OpenCV (JPEG optionally at 1/2, 1/4 or
 * 1/8 size straight from the DCT — the fastest path measured), GIF and animated WebP through OpenCV's animation
 * decoder (all frames, BGRA), HEIC and AVIF through FFmpeg. EXIF orientation is applied when asked.
 *
 * @see ImageProbe the header is read and checked against the limits before any of this runs
 */
final class ImageDecoder {

    private ImageDecoder() {}

    /**
     * @param reduce 1, 2, 4 or 8: JPEG only, decode at that fraction of the size
     * @throws UnreadableImageException when the data cannot be decoded
     */
    static Picture decode(byte[] data, ImageHeader header, int reduce, boolean orient, long maxPixels) {
        Picture picture =
                switch (header.format()) {
                    case HEIC, AVIF -> Picture.still(heif(data, maxPixels));
                    case GIF -> animation(data, header);
                    case WEBP -> header.animated() ? animation(data, header) : still(data, IMREAD_UNCHANGED, header);
                    case JPG -> still(data, jpegFlags(reduce), header);
                    default -> still(data, IMREAD_UNCHANGED, header);
                };
        if (orient
                && header.orientation() > 1
                && header.format() != ImageFormat.HEIC
                && header.format() != ImageFormat.AVIF) {
            picture.map(frame -> Orientation.apply(frame, header.orientation()));
        }
        return picture;
    }

    private static Mat heif(byte[] data, long maxPixels) {
        try {
            return HeifDecoder.decode(data, maxPixels);
        } catch (ApiException e) {
            throw new UnreadableImageException(e.getMessage());
        }
    }

    /** The largest JPEG reduction that still leaves at least {@code neededWidth}×{@code neededHeight}. */
    static int reductionFor(int storedWidth, int storedHeight, int neededWidth, int neededHeight) {
        for (int factor : new int[] {8, 4, 2}) {
            if (ceilDiv(storedWidth, factor) >= neededWidth && ceilDiv(storedHeight, factor) >= neededHeight) {
                return factor;
            }
        }
        return 1;
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }

    private static int jpegFlags(int reduce) {
        int mode =
                switch (reduce) {
                    case 8 -> IMREAD_REDUCED_COLOR_8;
                    case 4 -> IMREAD_REDUCED_COLOR_4;
                    case 2 -> IMREAD_REDUCED_COLOR_2;
                    default -> IMREAD_COLOR;
                };
        return mode | IMREAD_IGNORE_ORIENTATION;
    }

    private static Picture still(byte[] data, int flags, ImageHeader header) {
        Mat decoded;
        try (BytePointer bytes = new BytePointer(data);
                Mat buffer = new Mat(1, data.length, CV_8UC1, bytes)) {
            decoded = imdecode(buffer, flags);
        } catch (RuntimeException e) {
            throw new UnreadableImageException("the " + header.format().extension() + " data is damaged");
        }
        if (decoded == null || decoded.empty()) {
            if (decoded != null) {
                decoded.close();
            }
            throw new UnreadableImageException("the " + header.format().extension() + " data is damaged");
        }
        return Picture.still(normalise(decoded));
    }

    private static Picture animation(byte[] data, ImageHeader header) {
        List<Mat> frames = new ArrayList<>();
        int[] delays;
        int loops;
        try (BytePointer bytes = new BytePointer(data);
                Mat buffer = new Mat(1, data.length, CV_8UC1, bytes);
                Animation animation = new Animation()) {
            if (!imdecodeanimation(buffer, animation) || animation.frames().size() == 0) {
                throw new UnreadableImageException("the " + header.format().extension() + " data is damaged");
            }
            int count = (int) animation.frames().size();
            delays = new int[count];
            for (int i = 0; i < count; i++) {
                WorkerPool.checkpoint();
                try (Mat frame = animation.frames().get(i)) { // a header sharing the frame's pixels: close it
                    frames.add(normalise(frame.clone()));
                }
                delays[i] = i < animation.durations().limit()
                        ? animation.durations().get(i)
                        : 100;
            }
            loops = animation.loop_count();
        } catch (RuntimeException e) {
            frames.forEach(Mat::close);
            if (e instanceof UnreadableImageException || e instanceof ApiException) {
                throw e;
            }
            throw new UnreadableImageException("the " + header.format().extension() + " data is damaged");
        }
        return new Picture(frames, delays, loops);
    }

    /** 8-bit, and 3 (BGR) or 4 (BGRA) channels; frees {@code frame} when it converts. */
    static Mat normalise(Mat frame) {
        Mat current = frame;
        if (current.depth() != CV_8U) {
            Mat eight = new Mat();
            double scale = current.depth() == CV_16U ? 1 / 257.0 : 255.0;
            current.convertTo(eight, CV_8U, scale, 0);
            current.close();
            current = eight;
        }
        if (current.channels() == 1) {
            Mat color = new Mat();
            cvtColor(current, color, COLOR_GRAY2BGR);
            current.close();
            current = color;
        } else if (current.channels() == 2) {
            Mat color = new Mat();
            try (Mat gray = new Mat()) {
                org.bytedeco.opencv.global.opencv_core.extractChannel(current, gray, 0);
                cvtColor(gray, color, COLOR_GRAY2BGR);
            }
            current.close();
            current = color;
        }
        return current;
    }
}
