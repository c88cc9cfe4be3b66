package io.chatmedia.process.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getColorspaceDetails;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import io.chatmedia.system.ApiException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.ffmpeg.swscale.SwsFilter;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Turns a decoded frame into a BGR image of the asked size: FFmpeg's swscale converts and scales it in one pass (the
 * frame's own colour matrix and range), into rows aligned for its SIMD code (an unaligned stride scrambled some
 * widths), which are then copied into the image row by row.
 */
final class FrameImages {

    private static final int ALIGN = 64;

    private FrameImages() {}

    /**
     * @throws ApiException 400 when the decoder gave no picture or one swscale cannot convert
     */
    static BufferedImage toImage(AVFrame frame, int width, int height) {
        if (frame.width() <= 0 || frame.height() <= 0 || frame.format() < 0) {
            throw ApiException.badRequest("the decoder gave no picture");
        }
        SwsContext scaler = sws_getContext(
                frame.width(),
                frame.height(),
                frame.format(),
                width,
                height,
                AV_PIX_FMT_BGR24,
                SWS_BILINEAR,
                (SwsFilter) null,
                (SwsFilter) null,
                (DoublePointer) null);
        if (scaler == null || scaler.isNull()) {
            throw ApiException.badRequest("the decoder gave a picture that cannot be converted");
        }
        int rowBytes = width * 3;
        int stride = (rowBytes + ALIGN - 1) / ALIGN * ALIGN;
        BytePointer pixels = new BytePointer(av_malloc((long) stride * height));
        try (PointerPointer<BytePointer> planes = new PointerPointer<BytePointer>(1).put(0, pixels);
                IntPointer strides = new IntPointer(new int[] {stride})) {
            if (pixels.isNull()) {
                throw new OutOfMemoryError("FFmpeg could not allocate a " + width + "x" + height + " picture");
            }
            useFrameColours(scaler, frame);
            sws_scale(
                    scaler,
                    frame.data(), // AVFrame.data, the frame's planes
                    frame.linesize(),
                    0,
                    frame.height(),
                    planes,
                    strides);
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int y = 0; y < height; y++) {
                pixels.position((long) y * stride).get(target, y * rowBytes, rowBytes);
            }
            return image;
        } finally {
            av_free(pixels.position(0));
            sws_freeContext(scaler);
        }
    }

    /**
     * The frame's colour matrix (BT.709 for most HD video; swscale assumes BT.601) and full range when the frame says
     * so, as FFmpeg's own scale filter reads them.
     */
    private static void useFrameColours(SwsContext scaler, AVFrame frame) {
        try (PointerPointer<IntPointer> inverseTable = new PointerPointer<>(1);
                PointerPointer<IntPointer> table = new PointerPointer<>(1);
                IntPointer sourceRange = new IntPointer(1);
                IntPointer targetRange = new IntPointer(1);
                IntPointer brightness = new IntPointer(1);
                IntPointer contrast = new IntPointer(1);
                IntPointer saturation = new IntPointer(1)) {
            if (sws_getColorspaceDetails(
                            scaler, inverseTable, sourceRange, table, targetRange, brightness, contrast, saturation)
                    < 0) {
                return; // not a conversion from YUV: no matrix to choose
            }
            int fullRange = sourceRange.get() != 0 || frame.color_range() == AVCOL_RANGE_JPEG ? 1 : 0;
            sws_setColorspaceDetails(
                    scaler,
                    sws_getCoefficients(frame.colorspace()),
                    fullRange,
                    table.get(IntPointer.class, 0),
                    targetRange.get(),
                    brightness.get(),
                    contrast.get(),
                    saturation.get());
        }
    }
}
