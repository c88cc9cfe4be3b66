package io.chatmedia.process.image.heif;

import io.chatmedia.system.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The upright BGR image being composed from decoded pictures. A picture that fits the canvas as it is (no
 * turn, inside the crop) is converted straight into its place, swscale writing at the canvas's row stride; any
 * other (a grid's last column and row sticking out past its crop, or any picture of a turned or mirrored image) is
 * converted into a scratch image whose visible part is turned into its place, a tile at a time, which is faster
 * than turning the whole image and needs no second full-size copy. What no picture covers gets the background
 * colour, so no uninitialised memory ever shows. Conversion honours each frame's YCbCr matrix and range (HEIC is
 * mostly full-range BT.601: read as video range its colours would come out flat). Not thread-safe; one per decode.
 */
final class Canvas implements AutoCloseable {

    private static final int FLAGS = swscale.SWS_BILINEAR;

    private final int width;
    private final int height;
    private final Orientation orientation;
    private final int[] backgroundBgr;
    private final Mat image;
    private final List<int[]> drawn = new ArrayList<>();
    private SwsContext scaler;
    private boolean taken;

    /** A canvas for a {@code width} x {@code height} stored image, shown turned by {@code orientation}. */
    Canvas(int width, int height, Orientation orientation, int[] backgroundBgr) {
        this.width = width;
        this.height = height;
        this.orientation = orientation;
        this.backgroundBgr = backgroundBgr;
        boolean swap = orientation.swapsSides();
        image = new Mat(swap ? width : height, swap ? height : width, opencv_core.CV_8UC3);
    }

    /** Converts {@code frame} onto the canvas with its top-left corner at {@code (x, y)} of the stored image. */
    void draw(AVFrame frame, int x, int y) {
        int frameWidth = frame.width();
        int frameHeight = frame.height();
        int left = Math.max(x, 0);
        int top = Math.max(y, 0);
        int right = Math.min(x + frameWidth, width);
        int bottom = Math.min(y + frameHeight, height);
        if (right <= left || bottom <= top) {
            return;
        }
        int[] place = orientation.place(left, top, right - left, bottom - top, width, height);
        drawn.add(place);
        boolean whole = left == x && top == y && right == x + frameWidth && bottom == y + frameHeight;
        if (whole && orientation.equals(Orientation.UPRIGHT)) {
            convert(frame, image.ptr(y, x), (int) image.step());
            return;
        }
        try (Mat scratch = new Mat(frameHeight, frameWidth, opencv_core.CV_8UC3);
                Rect from = new Rect(left - x, top - y, right - left, bottom - top);
                Rect to = new Rect(place[0], place[1], place[2], place[3]);
                Mat visible = scratch.apply(from);
                Mat target = image.apply(to)) {
            convert(frame, scratch.ptr(0, 0), (int) scratch.step());
            orientation.apply(visible, target);
        }
    }

    private void convert(AVFrame frame, BytePointer target, int stride) {
        scaler = swscale.sws_getCachedContext(
                scaler,
                frame.width(),
                frame.height(),
                frame.format(),
                frame.width(),
                frame.height(),
                avutil.AV_PIX_FMT_BGR24,
                FLAGS,
                null,
                null,
                (DoublePointer) null);
        if (scaler == null || scaler.isNull()) {
            throw ApiException.badRequest("the HEIF/AVIF image has a pixel format that cannot be converted");
        }
        boolean fullRange = frame.color_range() == avutil.AVCOL_RANGE_JPEG || isJpegFormat(frame.format());
        swscale.sws_setColorspaceDetails(
                scaler,
                swscale.sws_getCoefficients(frame.colorspace()),
                fullRange ? 1 : 0,
                swscale.sws_getCoefficients(swscale.SWS_CS_DEFAULT),
                1,
                0,
                1 << 16,
                1 << 16);
        try (PointerPointer<BytePointer> planes = new PointerPointer<>(4);
                IntPointer strides = new IntPointer(4)) {
            planes.put(0, target);
            strides.put(0, stride);
            int rows = swscale.sws_scale(scaler, frame.data(), frame.linesize(), 0, frame.height(), planes, strides);
            if (rows != frame.height()) {
                throw ApiException.badRequest("the HEIF/AVIF image could not be converted to BGR");
            }
        }
    }

    private static boolean isJpegFormat(int format) {
        return format == avutil.AV_PIX_FMT_YUVJ420P
                || format == avutil.AV_PIX_FMT_YUVJ422P
                || format == avutil.AV_PIX_FMT_YUVJ444P
                || format == avutil.AV_PIX_FMT_YUVJ440P
                || format == avutil.AV_PIX_FMT_YUVJ411P;
    }

    /** The composed image, the parts no picture covered filled; the caller owns it from now on. */
    Mat take() {
        for (int[] gap : Coverage.gaps(image.cols(), image.rows(), drawn)) {
            try (Rect rect = new Rect(gap[0], gap[1], gap[2], gap[3]);
                    Mat part = image.apply(rect);
                    Scalar colour = new Scalar(backgroundBgr[0], backgroundBgr[1], backgroundBgr[2], 0)) {
                part.put(colour);
            }
        }
        taken = true;
        return image;
    }

    @Override
    public void close() {
        if (scaler != null && !scaler.isNull()) {
            swscale.sws_freeContext(scaler);
            scaler = null;
        }
        if (!taken) {
            image.close();
        }
    }
}
