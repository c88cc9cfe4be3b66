package io.chatmedia.process.image.ops;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.insertChannel;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.spec.Circle;
import io.chatmedia.process.image.spec.RoundedCorners;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Shapes cut by transparency: {@code circle} (a (2r+1) square around the centre, r capped at (short side − 1)/2) and
 * {@code rounded-corners} (r capped at half the short side). Edges anti-aliased; the encoder flattens transparency
 * onto white for formats without alpha.
 */
public final class Masks {

    private Masks() {}

    public static void circle(Picture picture, Circle spec) {
        int radius = Math.max(0, Math.min(spec.radius(), (Math.min(picture.width(), picture.height()) - 1) / 2));
        int side = 2 * radius + 1;
        int left = picture.width() / 2 - radius;
        int top = picture.height() / 2 - radius;
        picture.map(frame -> {
            try (Mat square = Geometry.region(frame, left, top, side, side);
                    Mat mask = new Mat(side, side, CV_8UC1, new Scalar(0.0));
                    Point centre = new Point(radius, radius);
                    Scalar white = new Scalar(255.0)) {
                org.bytedeco.opencv.global.opencv_imgproc.circle(mask, centre, radius, white, FILLED, LINE_AA, 0);
                return masked(square, mask);
            }
        });
    }

    public static void roundedCorners(Picture picture, RoundedCorners spec) {
        int width = picture.width();
        int height = picture.height();
        int radius = Math.min(spec.radius(), Math.min(width, height) / 2);
        picture.map(frame -> {
            try (Mat mask = new Mat(height, width, CV_8UC1, new Scalar(0.0));
                    Scalar white = new Scalar(255.0)) {
                try (Point a = new Point(radius, 0);
                        Point b = new Point(width - 1 - radius, height - 1);
                        Point c = new Point(0, radius);
                        Point d = new Point(width - 1, height - 1 - radius)) {
                    rectangle(mask, a, b, white, FILLED, LINE_AA, 0);
                    rectangle(mask, c, d, white, FILLED, LINE_AA, 0);
                }
                int[][] centres = {
                    {radius, radius},
                    {width - 1 - radius, radius},
                    {radius, height - 1 - radius},
                    {width - 1 - radius, height - 1 - radius}
                };
                for (int[] xy : centres) {
                    try (Point centre = new Point(xy[0], xy[1])) {
                        org.bytedeco.opencv.global.opencv_imgproc.circle(
                                mask, centre, radius, white, FILLED, LINE_AA, 0);
                    }
                }
                return masked(frame, mask);
            }
        });
    }

    /** A BGRA copy of {@code frame} whose alpha is its own alpha times {@code mask}. */
    private static Mat masked(Mat frame, Mat mask) {
        Mat out = frame.channels() == 4 ? frame.clone() : Compositing.bgra(frame);
        try (Mat alpha = new Mat();
                Mat combined = new Mat()) {
            extractChannel(out, alpha, 3);
            multiply(alpha, mask, combined, 1 / 255.0, -1);
            insertChannel(combined, out, 3);
        }
        return out;
    }
}
