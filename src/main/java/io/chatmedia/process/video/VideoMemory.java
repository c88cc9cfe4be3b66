package io.chatmedia.process.video;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * What decoding one frame of a video costs in native memory, estimated from its header before anything is decoded. The
 * decoder keeps up to its codec's reference frames (H.264 and HEVC: 16, VP9 and AV1: 8, older codecs: 3), one frame per
 * decoding thread and the frame being decoded, each at the stream's coded size in its pixel format (3 bytes a pixel
 * when the header does not say: 10-bit 4:2:0 or 8-bit 4:4:4); the chosen frame is then converted to BGR at the output
 * size and copied three times (the grabber's buffer, the kept copy, the image that is turned and encoded). A bound a
 * hostile stream can reach, not what a typical one uses (a phone's 4K H.264 refers to 4 or 5 frames).
 */
final class VideoMemory {

    /** The decoder's {@code threads} option: each frame thread holds a frame of its own. */
    static final int DECODER_THREADS = 2;

    private VideoMemory() {}

    /** The decoder's frames for {@code header}'s stream. */
    static long decoderBytes(VideoHeader header) {
        return frameBytes(header.codedWidth(), header.codedHeight(), header.pixelFormat())
                * framesInFlight(header.videoCodec());
    }

    /** The output frame and its copies, BGR. */
    static long coverBytes(int width, int height) {
        return (long) width * height * 3 * 4;
    }

    /** Bytes of one decoded picture of {@code width}×{@code height} in {@code pixelFormat} (an AVPixelFormat, -1: unknown). */
    static long frameBytes(long width, long height, int pixelFormat) {
        long per4096 = bytesPer4096Pixels(pixelFormat);
        return width * height * per4096 / 4096;
    }

    /**
     * The most pixels a frame may have so that the decoder's frames fit in {@code bytes}: the decoder's own
     * {@code max_pixels}, so that a stream that grows after its header (a later sequence header with a larger size) is
     * refused by the decoder instead of decoded past the budget.
     */
    static long affordablePixels(VideoHeader header, long bytes) {
        long perPixelFrames = bytesPer4096Pixels(header.pixelFormat()) * framesInFlight(header.videoCodec());
        return Math.max(0, bytes) / perPixelFrames * 4096;
    }

    /**
     * The most pixels a frame of a stream whose header says nothing (no size, no codec known yet) may have so that the
     * decoder's frames fit in {@code bytes}, counted as for the codecs that keep the most frames.
     */
    static long affordablePixelsOfUnknownStream(long bytes) {
        return Math.max(0, bytes) / (3L * 4096 * framesInFlight("h264")) * 4096;
    }

    static int framesInFlight(String codec) {
        int references =
                switch (codec == null ? "" : codec) {
                    case "h264", "hevc", "vvc" -> 16;
                    case "vp9", "av1" -> 8;
                    default -> 3;
                };
        return references + DECODER_THREADS + 1;
    }

    private static long bytesPer4096Pixels(int pixelFormat) {
        if (pixelFormat >= 0) {
            int size = avutil.av_image_get_buffer_size(pixelFormat, 64, 64, 1);
            if (size > 0) {
                return size;
            }
        }
        return 3 * 4096;
    }
}
