package io.chatmedia.process.image.heif;

import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What turns a decoded image upright: one of the eight quarter-turn-and-mirror orientations. FFmpeg reads a HEIF
 * item's {@code irot} (quarter turns anticlockwise) and {@code imir} (mirror) into a display matrix, on the
 * stream's coded side data for a single image and on the tile grid's for a grid, which maps a stored pixel
 * {@code (p, q)} (y down) to {@code (a p + c q, b p + d q)} on screen (a, b, c, d its first two rows). As a quarter
 * turn or mirror has a 2x2 part of 0 and ±1, that is: swap the axes when a and d are 0 (a transpose), then mirror
 * the screen's x when a (or c) is negative and its y when d (or b) is.
 */
record Orientation(boolean transpose, boolean flipX, boolean flipY) {

    static final Orientation UPRIGHT = new Orientation(false, false, false);

    /** The orientation in the display matrix among this side data; upright when there is none. */
    static Orientation of(AVPacketSideData sideData, int count) {
        if (sideData == null || sideData.isNull() || count <= 0) {
            return UPRIGHT;
        }
        AVPacketSideData matrix = avcodec.av_packet_side_data_get(sideData, count, avcodec.AV_PKT_DATA_DISPLAYMATRIX);
        if (matrix == null || matrix.isNull() || matrix.size() < 9 * 4) {
            return UPRIGHT;
        }
        IntPointer m = new IntPointer(matrix.data());
        return fromMatrix(m.get(0), m.get(1), m.get(3), m.get(4));
    }

    /** From a display matrix's first two rows (16.16 fixed point): {@code [a b ·] [c d ·]}. */
    static Orientation fromMatrix(int a, int b, int c, int d) {
        boolean transpose = (long) Math.abs(b) + Math.abs(c) > (long) Math.abs(a) + Math.abs(d);
        return transpose ? new Orientation(true, c < 0, b < 0) : new Orientation(false, a < 0, d < 0);
    }

    boolean swapsSides() {
        return transpose;
    }

    /**
     * Where the {@code w} x {@code h} rectangle at {@code (x, y)} of a {@code width} x {@code height} stored image
     * lands on the upright one: {@code {x, y, w, h}} there.
     */
    int[] place(int x, int y, int w, int h, int width, int height) {
        int[] r = transpose ? new int[] {y, x, h, w} : new int[] {x, y, w, h};
        int canvasWidth = transpose ? height : width;
        int canvasHeight = transpose ? width : height;
        if (flipX) {
            r[0] = canvasWidth - r[0] - r[2];
        }
        if (flipY) {
            r[1] = canvasHeight - r[1] - r[3];
        }
        return r;
    }

    /** Writes {@code source} turned upright into {@code target}, a Mat (or a region of one) of the turned size. */
    void apply(Mat source, Mat target) {
        if (!transpose && !flipX && !flipY) {
            source.copyTo(target);
        } else if (!transpose) {
            opencv_core.flip(source, target, flipX && flipY ? -1 : flipX ? 1 : 0);
        } else if (flipX != flipY) {
            opencv_core.rotate(
                    source, target, flipX ? opencv_core.ROTATE_90_CLOCKWISE : opencv_core.ROTATE_90_COUNTERCLOCKWISE);
        } else {
            opencv_core.transpose(source, target);
            if (flipX) {
                opencv_core.flip(target, target, -1);
            }
        }
    }
}
