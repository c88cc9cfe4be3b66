package io.chatmedia.process.image.ops;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.image.ImageLimits;
import io.chatmedia.process.image.JobMemory;
import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;
import io.chatmedia.process.image.spec.Gravity;
import io.chatmedia.process.image.spec.Watermark;
import io.chatmedia.system.ApiException;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Draws a watermark — an image from the store, a text, or both side by side — onto every frame: placed by gravity
 * and offsets (voffset moves marks on the middle row up), or tiled over the whole image; at the spec's opacity.
 * Every canvas (the text, its rotation, the combined mark, the tiled layer) is sized from the parameters and checked
 * against the limits and the job's memory before it is allocated; tiling is one layer composited once per frame.
 */
public final class Watermarker {

    /** The largest text canvas: its pixels are drawn on the Java heap first (4 bytes a pixel). */
    static final long MAX_TEXT_PIXELS = 8L * 1024 * 1024;

    private Watermarker() {}

    /**
     * @param context the watermark images by key (an 8-bit BGRA matrix the caller then owns; a 400 naming
     *                {@code image/watermark} when the key does not exist or is not an image), the limits, the memory
     */
    public static void apply(Picture picture, Watermark spec, StepContext context) {
        try (Mat mark = mark(picture, spec, context)) {
            double opacity = spec.opacity() / 100.0;
            int width = picture.width();
            int height = picture.height();
            if (spec.tiled()) {
                try (Mat layer = tiledLayer(mark, width, height, spec, context.memory())) {
                    picture.map(frame -> {
                        Mat target = frame.clone();
                        Compositing.over(target, layer, 0, 0, opacity);
                        return target;
                    });
                }
                return;
            }
            Gravity g = spec.gravity();
            int left = g.left(width, mark.cols(), spec.x());
            int top = g.top(height, mark.rows(), spec.y());
            if (g == Gravity.WEST || g == Gravity.CENTER || g == Gravity.EAST) {
                top -= spec.verticalOffset();
            }
            int markTop = top;
            picture.map(frame -> {
                Mat target = frame.clone();
                Compositing.over(target, mark, left, markTop, opacity);
                return target;
            });
        }
    }

    /** The mark repeated every (mark + padx, mark + pady) over a transparent layer the size of the frames. */
    private static Mat tiledLayer(Mat mark, int width, int height, Watermark spec, JobMemory memory) {
        memory.reserve(JobMemory.frameBytes(width, height, 1, 4), "the tiled watermark layer");
        int stepX = mark.cols() + spec.tilePadX(); // padx/pady: the gap between tiles
        int stepY = mark.rows() + spec.tilePadY();
        Mat layer = new Mat(height, width, CV_8UC4, new Scalar(0, 0, 0, 0));
        try {
            int rows = Math.min(mark.rows(), height);
            for (int left = 0; left < width; left += stepX) { // the first row of tiles, one copy each
                if ((left / stepX) % 1024 == 0) {
                    WorkerPool.checkpoint();
                }
                copy(mark, 0, layer, left, 0, Math.min(mark.cols(), width - left), rows);
            }
            for (int top = stepY; top < height; top += stepY) { // then that row, once per row of tiles
                if ((top / stepY) % 1024 == 0) {
                    WorkerPool.checkpoint();
                }
                copy(layer, 0, layer, 0, top, width, Math.min(rows, height - top));
            }
            return layer;
        } catch (RuntimeException e) {
            layer.close();
            throw e;
        }
    }

    private static void copy(Mat from, int fromTop, Mat to, int left, int top, int width, int height) {
        try (Rect source = new Rect(0, fromTop, width, height);
                Rect target = new Rect(left, top, width, height);
                Mat in = from.apply(source);
                Mat out = to.apply(target)) {
            in.copyTo(out);
        }
    }

    private static Mat mark(Picture picture, Watermark spec, StepContext context) {
        Mat image = spec.imageKey() == null
                ? null
                : scaledImage(context.watermarkImages().apply(spec.imageKey()), spec, picture, context.memory());
        Mat text;
        try {
            text = spec.text() == null ? null : text(spec, context);
        } catch (RuntimeException e) {
            if (image != null) {
                image.close();
            }
            throw e;
        }
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
            checkCanvas(context, "the combined image and text mark", width, height);
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

    private static Mat scaledImage(Mat image, Watermark spec, Picture picture, JobMemory memory) {
        if (spec.imagePercent() == 0) {
            return image;
        }
        try (image) {
            double factor = Math.min(
                    picture.width() * spec.imagePercent() / 100.0 / image.cols(),
                    picture.height() * spec.imagePercent() / 100.0 / image.rows());
            int width = (int) Math.max(1, Math.round(image.cols() * factor));
            int height = (int) Math.max(1, Math.round(image.rows() * factor));
            memory.reserve(JobMemory.frameBytes(width, height, 1, 4), "the scaled watermark image");
            return Geometry.scaled(image, width, height, factor < 1 ? INTER_AREA : INTER_CUBIC);
        }
    }

    private static Mat text(Watermark spec, StepContext context) {
        TextRenderer.Layout layout =
                TextRenderer.measure(context.font().font(), spec.text(), spec.size(), spec.shadow());
        String what = "the text mark";
        if ((long) layout.width() * layout.height() > MAX_TEXT_PIXELS) {
            throw ApiException.badRequest("image/watermark: " + what + " would be " + layout.width() + "x"
                    + layout.height() + ", over " + MAX_TEXT_PIXELS + " pixels (a smaller size or a shorter text)");
        }
        checkCanvas(context, what, layout.width(), layout.height());
        int[] rotated = Geometry.rotatedSize(layout.width(), layout.height(), spec.textRotation());
        if (spec.textRotation() != 0) {
            checkCanvas(context, "the text mark rotated " + spec.textRotation() + "°", rotated[0], rotated[1]);
        }
        Mat rendered = TextRenderer.draw(layout, spec.color(), spec.shadow());
        if (spec.textRotation() == 0) {
            return rendered;
        }
        WorkerPool.checkpoint();
        try (rendered) {
            return Geometry.rotatedFrame(rendered, spec.textRotation());
        }
    }

    /** A BGRA canvas of width × height: within the output limits, charged to the job's memory. */
    private static void checkCanvas(StepContext context, String what, long width, long height) {
        ImageLimits limits = context.limits();
        if (width > limits.maxOutputSide() || height > limits.maxOutputSide()) {
            throw ApiException.badRequest("image/watermark: " + what + " would be " + width + "x" + height + ", over "
                    + limits.maxOutputSide() + " px a side");
        }
        if (width * height > limits.maxOutputPixels()) {
            throw ApiException.badRequest("image/watermark: " + what + " would be " + width + "x" + height + ", over "
                    + limits.maxOutputPixels() + " pixels");
        }
        context.memory().reserve(JobMemory.frameBytes(width, height, 1, 4), what);
    }
}
