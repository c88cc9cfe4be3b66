package io.chatmedia.process.image.ops;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.chatmedia.process.image.ImageLimits;
import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.spec.Crop;
import io.chatmedia.process.image.spec.IndexCrop;
import io.chatmedia.process.image.spec.Resize;
import io.chatmedia.process.image.spec.Rotate;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Steps that change the size: resize (five modes), crop, indexcrop, rotate. Every frame of an animation alike. */
public final class Geometry {

    private Geometry() {}

    public static void resize(Picture picture, Resize spec, ImageLimits limits) {
        int[] plan = spec.plan(picture.width(), picture.height());
        int scaledW = plan[0];
        int scaledH = plan[1];
        if (picture.animated() && (scaledW > picture.width() || scaledH > picture.height())) {
            return; // animations only shrink, as OSS
        }
        OutputSize.check(limits, "resize", Math.max(scaledW, plan[2]), Math.max(scaledH, plan[3]));
        OutputSize.check(limits, "resize", scaledW, scaledH);
        if (scaledW != picture.width() || scaledH != picture.height()) {
            boolean shrinking = (long) scaledW * scaledH < (long) picture.width() * picture.height();
            picture.map(frame -> scaled(frame, scaledW, scaledH, shrinking ? INTER_AREA : INTER_CUBIC));
        }
        if (spec.mode() == Resize.Mode.FILL && (plan[2] != scaledW || plan[3] != scaledH)) {
            int left = (scaledW - plan[2]) / 2;
            int top = (scaledH - plan[3]) / 2;
            picture.map(frame -> region(frame, left, top, plan[2], plan[3]));
        } else if (spec.mode() == Resize.Mode.PAD && (plan[2] != scaledW || plan[3] != scaledH)) {
            int color = spec.color();
            picture.map(frame -> padded(frame, plan[2], plan[3], color));
        }
    }

    public static void crop(Picture picture, Crop spec) {
        int[] box = spec.box(picture.width(), picture.height());
        if (box[2] != picture.width() || box[3] != picture.height()) {
            picture.map(frame -> region(frame, box[0], box[1], box[2], box[3]));
        }
    }

    public static void indexCrop(Picture picture, IndexCrop spec) {
        int[] box = spec.box(picture.width(), picture.height());
        if (box != null) {
            picture.map(frame -> region(frame, box[0], box[1], box[2], box[3]));
        }
    }

    public static void rotate(Picture picture, Rotate spec, ImageLimits limits) {
        int degrees = spec.degrees();
        switch (degrees) {
            case 0 -> {}
            case 90 -> picture.map(frame -> turned(frame, ROTATE_90_CLOCKWISE));
            case 180 -> picture.map(frame -> turned(frame, ROTATE_180));
            case 270 -> picture.map(frame -> turned(frame, ROTATE_90_COUNTERCLOCKWISE));
            default -> {
                double radians = Math.toRadians(degrees);
                double cos = Math.abs(Math.cos(radians));
                double sin = Math.abs(Math.sin(radians));
                int width = (int) Math.ceil(picture.width() * cos + picture.height() * sin - 1e-6);
                int height = (int) Math.ceil(picture.width() * sin + picture.height() * cos - 1e-6);
                OutputSize.check(limits, "rotate", width, height);
                picture.map(frame -> rotated(frame, degrees, width, height));
            }
        }
    }

    /** A copy of {@code frame} turned clockwise by any angle on a canvas that holds all of it. */
    static Mat rotatedFrame(Mat frame, int degrees) {
        int[] size = rotatedSize(frame.cols(), frame.rows(), degrees);
        return rotated(frame, degrees, size[0], size[1]);
    }

    /** The canvas that holds a width × height frame turned by {@code degrees}: {width, height}. */
    static int[] rotatedSize(int width, int height, int degrees) {
        double radians = Math.toRadians(degrees);
        double cos = Math.abs(Math.cos(radians));
        double sin = Math.abs(Math.sin(radians));
        return new int[] {
            (int) Math.ceil(width * cos + height * sin - 1e-6), (int) Math.ceil(width * sin + height * cos - 1e-6)
        };
    }

    static Mat scaled(Mat frame, int width, int height, int interpolation) {
        Mat out = new Mat();
        try (Size size = new Size(width, height)) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(frame, out, size, 0, 0, interpolation);
        }
        return out;
    }

    /** A copy of the {@code width}×{@code height} region at (left, top). */
    static Mat region(Mat frame, int left, int top, int width, int height) {
        try (Rect rect = new Rect(left, top, width, height);
                Mat view = frame.apply(rect)) {
            return view.clone();
        }
    }

    /** The frame centred on a canvas of the opaque colour {@code rgb}, composited over it. */
    private static Mat padded(Mat frame, int width, int height, int rgb) {
        try (Scalar fill = colour(rgb, frame.channels());
                Mat canvas = new Mat(height, width, frame.type(), fill)) {
            int left = (width - frame.cols()) / 2;
            int top = (height - frame.rows()) / 2;
            if (frame.channels() == 4) {
                Compositing.over(canvas, frame, left, top, 1.0);
            } else {
                try (Rect rect = new Rect(left, top, frame.cols(), frame.rows());
                        Mat view = canvas.apply(rect)) {
                    frame.copyTo(view);
                }
            }
            return canvas.clone();
        }
    }

    private static Mat turned(Mat frame, int code) {
        Mat out = new Mat();
        org.bytedeco.opencv.global.opencv_core.rotate(frame, out, code);
        return out;
    }

    /** Clockwise by {@code degrees} on a canvas that holds all of it; the new corners transparent. */
    private static Mat rotated(Mat frame, int degrees, int width, int height) {
        Mat source = frame.channels() == 4 ? frame : Compositing.bgra(frame);
        try (Point2f centre = new Point2f(frame.cols() / 2f, frame.rows() / 2f);
                Mat matrix = getRotationMatrix2D(centre, -degrees, 1.0);
                Size size = new Size(width, height);
                Scalar transparent = new Scalar(0, 0, 0, 0)) {
            var m = matrix.<DoubleIndexer>createIndexer();
            m.put(0, 2, m.get(0, 2) + (width - frame.cols()) / 2.0);
            m.put(1, 2, m.get(1, 2) + (height - frame.rows()) / 2.0);
            m.close();
            Mat out = new Mat();
            warpAffine(source, out, matrix, size, INTER_LINEAR, BORDER_CONSTANT, transparent);
            return out;
        } finally {
            if (source != frame) {
                source.close();
            }
        }
    }

    /** The opaque colour 0xRRGGBB as an OpenCV BGR(A) scalar (the fourth value is ignored by 3-channel images). */
    static Scalar colour(int rgb, int channels) {
        return new Scalar(rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF, 255);
    }
}
