package io.chatmedia.process.image.ops;

import static org.bytedeco.opencv.global.opencv_core.ALGO_HINT_DEFAULT;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;
import static org.bytedeco.opencv.global.opencv_core.LUT;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.insertChannel;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.spec.Adjust;
import io.chatmedia.process.image.spec.Blur;
import io.chatmedia.process.image.spec.Sharpen;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Pixel filters: Gaussian blur, brightness and contrast curves, unsharp-mask sharpening. Alpha is left alone. */
public final class Filters {

    private Filters() {}

    public static void blur(Picture picture, Blur spec) {
        int kernel = 2 * spec.radius() + 1;
        picture.map(frame -> {
            Mat out = new Mat();
            try (Size size = new Size(kernel, kernel)) {
                GaussianBlur(frame, out, size, spec.sigma(), spec.sigma(), BORDER_REFLECT_101, ALGO_HINT_DEFAULT);
            }
            return keepAlpha(frame, out);
        });
    }

    public static void adjust(Picture picture, Adjust spec) {
        int[] curve = spec.curve();
        picture.map(frame -> {
            int channels = frame.channels();
            try (Mat table = new Mat(1, 256, CV_8UC(channels));
                    UByteIndexer index = table.createIndexer()) {
                for (int i = 0; i < 256; i++) {
                    for (int c = 0; c < channels; c++) {
                        index.put(0, i, c, c == 3 ? i : curve[i]);
                    }
                }
                Mat out = new Mat();
                LUT(frame, table, out);
                return out;
            }
        });
    }

    public static void sharpen(Picture picture, Sharpen spec) {
        double amount = spec.amount() / 100.0;
        picture.map(frame -> {
            try (Mat blurred = new Mat();
                    Size none = new Size(0, 0)) {
                GaussianBlur(frame, blurred, none, 1.0, 1.0, BORDER_REFLECT_101, ALGO_HINT_DEFAULT);
                Mat out = new Mat();
                addWeighted(frame, 1 + amount, blurred, -amount, 0, out);
                return keepAlpha(frame, out);
            }
        });
    }

    /** {@code filtered} with the alpha channel of {@code original} put back. */
    private static Mat keepAlpha(Mat original, Mat filtered) {
        if (original.channels() == 4) {
            try (Mat alpha = new Mat()) {
                extractChannel(original, alpha, 3);
                insertChannel(alpha, filtered, 3);
            }
        }
        return filtered;
    }
}
