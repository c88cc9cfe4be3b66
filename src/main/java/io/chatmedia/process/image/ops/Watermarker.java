package io.chatmedia.process.image.ops;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.spec.Gravity;
import io.chatmedia.process.image.spec.Watermark;
import java.util.function.Function;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws a watermark — an image from the store, a text, or both side by side — onto every frame: placed by gravity
 * and offsets (voffset moves marks on the middle row up), or tiled over the whole image; at the spec's opacity.
 */
public final class Watermarker {

    private Watermarker() {}

    /**
     * @param images loads a watermark image by key as an 8-bit BGRA matrix the caller then owns; throws a 400 naming
     *               {@code image/watermark} when the key does not exist or is not an image
     */
    public static void apply(Picture picture, Watermark spec, Function<String, Mat> images) {
        try (Mat mark = mark(picture, spec, images)) {
            double opacity = spec.opacity() / 100.0;
            int width = picture.width();
            int height = picture.height();
            picture.map(frame -> {
                Mat target = frame.clone();
                if (spec.tiled()) {
                    int stepX = mark.cols() + spec.tilePadX(); // padx/pady: the gap between tiles
                    int stepY = mark.rows() + spec.tilePadY();
                    for (int top = 0; top < height; top += stepY) {
                        for (int left = 0; left < width; left += stepX) {
                            Compositing.over(target, mark, left, top, opacity);
                        }
                    }
                } else {
                    Gravity g = spec.gravity();
                    int left = g.left(width, mark.cols(), spec.x());
                    int top = g.top(height, mark.rows(), spec.y());
                    if (g == Gravity.WEST || g == Gravity.CENTER || g == Gravity.EAST) {
                        top -= spec.verticalOffset();
                    }
                    Compositing.over(target, mark, left, top, opacity);
                }
                return target;
            });
        }
    }

    private static Mat mark(Picture picture, Watermark spec, Function<String, Mat> images) {
        Mat image = spec.imageKey() == null ? null : scaledImage(images.apply(spec.imageKey()), spec, picture);
        Mat text = spec.text() == null ? null : text(spec);
        if (image == null) {
            return text;
        }
        if (text == null) {
            return image;
        }
        try (image;
                text) {
            Mat first = spec.order() == 0 ? image : text;
            Mat second = spec.order() == 0 ? text : image;
            int width = first.cols() + spec.interval() + second.cols();
            int height = Math.max(first.rows(), second.rows());
            Mat canvas = new Mat(height, width, CV_8UC4, new Scalar(0, 0, 0, 0));
            place(canvas, first, 0, spec.align());
            place(canvas, second, first.cols() + spec.interval(), spec.align());
            return canvas;
        }
    }

    private static void place(Mat canvas, Mat part, int left, int align) {
        int top =
                switch (align) {
                    case 0 -> 0;
                    case 1 -> (canvas.rows() - part.rows()) / 2;
                    default -> canvas.rows() - part.rows();
                };
        try (Rect rect = new Rect(left, top, part.cols(), part.rows());
                Mat view = canvas.apply(rect)) {
            part.copyTo(view);
        }
    }

    private static Mat scaledImage(Mat image, Watermark spec, Picture picture) {
        if (spec.imagePercent() == 0) {
            return image;
        }
        double factor = Math.min(
                picture.width() * spec.imagePercent() / 100.0 / image.cols(),
                picture.height() * spec.imagePercent() / 100.0 / image.rows());
        int width = (int) Math.max(1, Math.round(image.cols() * factor));
        int height = (int) Math.max(1, Math.round(image.rows() * factor));
        try (image) {
            return Geometry.scaled(image, width, height, factor < 1 ? INTER_AREA : INTER_CUBIC);
        }
    }

    private static Mat text(Watermark spec) {
        Mat rendered = TextRenderer.render(spec.text(), spec.size(), spec.color(), spec.shadow());
        if (spec.textRotation() == 0) {
            return rendered;
        }
        try (rendered) {
            return Geometry.rotatedFrame(rendered, spec.textRotation());
        }
    }
}
