package io.chatmedia.process.image.ops;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.divide;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.insertChannel;
import static org.bytedeco.opencv.global.opencv_core.merge;
import static org.bytedeco.opencv.global.opencv_core.multiply;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2BGRA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.chatmedia.process.WorkerPool;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Alpha compositing in OpenCV's native arithmetic: an overlay over a region, and flattening onto a colour. */
public final class Compositing {

    private Compositing() {}

    /** A BGRA copy of a BGR frame, fully opaque. */
    public static Mat bgra(Mat frame) {
        Mat out = new Mat();
        cvtColor(frame, out, COLOR_BGR2BGRA);
        return out;
    }

    /** A BGR frame: BGRA composited onto the opaque colour {@code rgb}; a BGR frame is returned as it is. */
    public static Mat flatten(Mat frame, int rgb) {
        if (frame.channels() != 4) {
            return frame;
        }
        try (Scalar colour = Geometry.colour(rgb, 3);
                Mat canvas = new Mat(frame.rows(), frame.cols(), CV_8UC3, colour)) {
            over(canvas, frame, 0, 0, 1.0);
            return canvas.clone();
        }
    }

    /** Pixels composited at a time: the float working copies of one band take about 60 bytes a pixel. */
    static final int BAND_PIXELS = 256 * 1024;

    /**
     * Draws the BGRA {@code overlay} over {@code base} (BGR or BGRA, modified in place) with its top-left corner at
     * (left, top), scaled by {@code opacity} in [0,1]; the parts outside the base are dropped. Works in bands of rows
     * (about {@value #BAND_PIXELS} pixels each), so its working memory stays small whatever the size, with a
     * checkpoint per band.
     */
    public static void over(Mat base, Mat overlay, int left, int top, double opacity) {
        int x0 = Math.max(0, left);
        int y0 = Math.max(0, top);
        int x1 = Math.min(base.cols(), left + overlay.cols());
        int y1 = Math.min(base.rows(), top + overlay.rows());
        if (x1 <= x0 || y1 <= y0 || opacity <= 0) {
            return;
        }
        int bandRows = Math.max(1, BAND_PIXELS / (x1 - x0));
        for (int bandTop = y0; bandTop < y1; bandTop += bandRows) {
            WorkerPool.checkpoint();
            band(base, overlay, left, top, opacity, x0, bandTop, x1, Math.min(y1, bandTop + bandRows));
        }
    }

    private static void band(Mat base, Mat overlay, int left, int top, double opacity, int x0, int y0, int x1, int y1) {
        try (Rect baseRect = new Rect(x0, y0, x1 - x0, y1 - y0);
                Rect overRect = new Rect(x0 - left, y0 - top, x1 - x0, y1 - y0);
                Mat target = base.apply(baseRect);
                Mat source = overlay.apply(overRect);
                Mat sourceAlpha = new Mat();
                Mat a = new Mat();
                Mat a3 = new Mat();
                Mat inverse3 = new Mat();
                Mat sourceColour = new Mat();
                Mat targetColour = new Mat();
                Mat sourceF = new Mat();
                Mat targetF = new Mat();
                Mat mixed = new Mat()) {
            extractChannel(source, sourceAlpha, 3);
            sourceAlpha.convertTo(a, CV_32F, opacity / 255.0, 0);
            colour(source, sourceColour);
            colour(target, targetColour);
            sourceColour.convertTo(sourceF, CV_32F);
            targetColour.convertTo(targetF, CV_32F);
            if (target.channels() == 4) {
                // out alpha = a + b(1 - a); out colour = (src·a + dst·b(1 - a)) / out alpha
                try (Mat targetAlpha = new Mat();
                        Mat b = new Mat();
                        Mat rest = new Mat();
                        Mat outAlpha = new Mat();
                        Mat b3 = new Mat();
                        Mat outAlpha3 = new Mat();
                        Mat weighted = new Mat()) {
                    extractChannel(target, targetAlpha, 3);
                    targetAlpha.convertTo(b, CV_32F, 1 / 255.0, 0);
                    try (Mat one = new Mat(a.size(), CV_32F, new Scalar(1.0))) {
                        subtract(one, a, rest);
                    }
                    multiply(b, rest, b);
                    add(a, b, outAlpha);
                    three(a, a3);
                    three(b, b3);
                    multiply(sourceF, a3, sourceF);
                    multiply(targetF, b3, targetF);
                    add(sourceF, targetF, weighted);
                    three(outAlpha, outAlpha3);
                    try (Mat floor = new Mat(outAlpha3.size(), CV_32FC3, new Scalar(1e-6, 1e-6, 1e-6, 0))) {
                        org.bytedeco.opencv.global.opencv_core.max(outAlpha3, floor, outAlpha3);
                    }
                    divide(weighted, outAlpha3, mixed);
                    try (Mat colourOut = new Mat();
                            Mat alphaOut = new Mat();
                            Mat merged = new Mat()) {
                        mixed.convertTo(colourOut, CV_8U);
                        outAlpha.convertTo(alphaOut, CV_8U, 255, 0);
                        cvtColor(colourOut, merged, COLOR_BGR2BGRA);
                        insertChannel(alphaOut, merged, 3);
                        merged.copyTo(target);
                    }
                }
                return;
            }
            three(a, a3);
            try (Mat one = new Mat(a3.size(), CV_32FC3, new Scalar(1.0, 1.0, 1.0, 0))) {
                subtract(one, a3, inverse3);
            }
            multiply(sourceF, a3, sourceF);
            multiply(targetF, inverse3, targetF);
            add(sourceF, targetF, mixed);
            mixed.convertTo(target, CV_8U);
        }
    }

    private static void colour(Mat frame, Mat out) {
        if (frame.channels() == 4) {
            cvtColor(frame, out, COLOR_BGRA2BGR);
        } else {
            frame.copyTo(out);
        }
    }

    private static void three(Mat single, Mat out) {
        try (MatVector channels = new MatVector(single, single, single)) {
            merge(channels, out);
        }
    }
}
