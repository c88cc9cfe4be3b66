package io.chatmedia.process.image;

import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.transpose;

import org.bytedeco.opencv.opencv_core.Mat;

/** Turns stored pixels upright by their EXIF orientation (1–8). */
final class Orientation {

    private Orientation() {}

    /** A new upright matrix, or {@code frame} itself for orientation 1. */
    static Mat apply(Mat frame, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return frame;
        }
        Mat out = new Mat();
        switch (orientation) {
            case 2 -> flip(frame, out, 1);
            case 3 -> rotate(frame, out, ROTATE_180);
            case 4 -> flip(frame, out, 0);
            case 5 -> transpose(frame, out);
            case 6 -> rotate(frame, out, ROTATE_90_CLOCKWISE);
            case 7 -> {
                try (Mat turned = new Mat()) {
                    transpose(frame, turned);
                    flip(turned, out, -1);
                }
            }
            default -> rotate(frame, out, ROTATE_90_COUNTERCLOCKWISE);
        }
        return out;
    }
}
