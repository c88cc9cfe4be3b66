package io.chatmedia.process.video;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.image.JobMemory;
import io.chatmedia.system.ApiException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Reads one stored video through FFmpeg's C API, fed only by ChatMedia's own I/O callbacks over a
 * {@link RangedBlobInputStream} (never a URL or protocol name from a request): its header ({@link VideoInput}) and
 * one frame of its picture stream ({@link VideoDecoder}), every other stream left unread. Every native object is
 * freed before a call returns, or by closing the {@link VideoInput} it opened.
 */
final class VideoReader {

    /**
     * Frames just before the target decoded even when nothing refers to them: a frame time rounded by the container
     * still finds its frame.
     */
    private static final int SKIP_MARGIN_FRAMES = 2;

    /** The setting a refusal for memory names. */
    static final String MEMORY_SETTING = "chatmedia.process.video.max-job-memory";

    /** The setting a refusal for a frame's size names. */
    static final String FRAME_SETTING = "chatmedia.process.video.max-frame-size";

    private final VideoLimits limits;

    VideoReader(VideoLimits limits) {
        this.limits = limits;
    }

    /**
     * The container's description, without decoding a frame.
     *
     * @throws ApiException 400 when it is not a video or audio file FFmpeg can read, or claims too many pixels
     */
    VideoHeader header(RangedBlobInputStream source) throws IOException {
        try (VideoInput input = open(source)) {
            return input.header();
        }
    }

    /**
     * Opens {@code source} from its start and checks its header (a picture's size read from the stream's first
     * packets when the container does not say it, within the job's memory); the caller closes the input.
     *
     * @throws ApiException 400 when it is not a video or audio file FFmpeg can read, or claims too many pixels
     */
    VideoInput open(RangedBlobInputStream source) throws IOException {
        VideoInput input = VideoInput.open(source);
        try {
            VideoHeader header = input.header();
            if (header.hasVideo() && (header.codedWidth() <= 0 || header.codedHeight() <= 0)) {
                // a container without dimensions in its header: ask the stream, whose frames the decoders then keep
                // within the job's memory
                input.findStreamInfo(Math.max(
                        1,
                        Math.min(
                                limits.maxPixels(),
                                VideoMemory.affordablePixelsOfUnknownStream(limits.maxJobBytes()))));
                header = input.header();
            }
            checkLimits(header.codedWidth(), header.codedHeight());
            return input;
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }

    /**
     * The first frame at or after {@code timeMs} (exact, as {@code ffmpeg -ss} picks it: decoded forward from the
     * keyframe before it) or the keyframe at or before it (fast, decoded alone), scaled to {@code width}×{@code height}
     * in the stream's own orientation. At or past the end: the last frame, whatever the mode. The decoder's frames and
     * the output ({@link VideoMemory}) are checked against the job's memory limit first, and the decoder refuses a
     * frame larger than what is left of it.
     *
     * @param input  opened by {@link #open}, with {@code header}
     * @param label  what a refusal's reason starts with ({@code video/snapshot})
     * @throws ApiException 400 when no frame can be decoded there, or the job would need more memory than it may use
     */
    BufferedImage frame(
            VideoInput input, VideoHeader header, long timeMs, boolean fast, int width, int height, String label) {
        JobMemory memory = new JobMemory(limits.maxJobBytes(), label, MEMORY_SETTING);
        memory.reserve(VideoMemory.coverBytes(width, height), "the " + width + "x" + height + " frame");
        long forDecoder = memory.remaining();
        memory.reserve(
                VideoMemory.decoderBytes(header),
                "decoding the " + header.codedWidth() + "x" + header.codedHeight() + " " + header.videoCodec()
                        + " stream (" + VideoMemory.framesInFlight(header.videoCodec()) + " frames in flight)");
        if (input.videoIndex() < 0) {
            throw ApiException.badRequest(label + ": the file has no video stream");
        }
        long end = input.pictureEndMicros();
        long target = Math.min(timeMs, Long.MAX_VALUE / 2000) * 1000 + input.startMicros();
        boolean pastEnd = header.durationMs() > 0 && timeMs >= header.durationMs() || target >= end;
        boolean alone = fast && !pastEnd;
        // the decoder's own limit, for a stream whose later sequence header is larger than the container said
        // (with room for the decoder's row alignment, which the estimate leaves out)
        long alignedHeader = (header.codedWidth() + 128L) * (header.codedHeight() + 128L);
        long affordable =
                Math.min(limits.maxPixels(), Math.max(alignedHeader, VideoMemory.affordablePixels(header, forDecoder)));
        RangedBlobInputStream source = input.source();
        // one frame decoded alone gains nothing from frame threads, which would hold it until the next one is in
        try (VideoDecoder decoder =
                VideoDecoder.open(input, alone ? 1 : VideoMemory.DECODER_THREADS, affordable, limits.maxFrameBytes())) {
            if (pastEnd) {
                target = end != Long.MAX_VALUE ? end : header.durationMs() * 1000 + input.startMicros();
            }
            decoder.seekBefore(target);
            AVFrame chosen;
            if (alone) {
                chosen = decoder.firstAlone();
                if (chosen == null && !source.readLimitHit() && !decoder.refusedLargePacket()) {
                    decoder.seekBefore(target); // no frame from the keyframe alone: decode on until one comes
                    chosen = decoder.next();
                }
            } else {
                chosen = decodeForward(decoder, pastEnd ? Long.MAX_VALUE : target, header.fps());
            }
            refuseLargeFrames(source.readLimitHit() || decoder.refusedLargePacket(), label);
            WorkerPool.checkpoint();
            if (chosen == null) {
                throw ApiException.badRequest("video/snapshot: no frame could be decoded at t_" + timeMs);
            }
            return FrameImages.toImage(chosen, width, height);
        }
    }

    /** @throws ApiException 400 naming the limit when a frame's packets were larger than one frame may read */
    private void refuseLargeFrames(boolean met, String label) {
        if (met) {
            throw ApiException.badRequest(label + ": a frame of the video is larger than the "
                    + (limits.maxFrameBytes() >> 20) + " MB one frame may be (" + FRAME_SETTING + ")");
        }
    }

    /**
     * Decodes from the keyframe the decoder was moved to until a frame's time reaches {@code targetMicros} (inside the
     * picture's span); the last good frame when the stream's decodable part ends first. Frames no other frame refers
     * to are not decoded when they show before the target, so the answer is exact. Null when nothing decodes.
     */
    private static AVFrame decodeForward(VideoDecoder decoder, long targetMicros, double fps) {
        if (targetMicros != Long.MAX_VALUE) {
            long margin = fps > 0 ? (long) (SKIP_MARGIN_FRAMES * 1_000_000 / fps) : Long.MAX_VALUE;
            decoder.aimAt(targetMicros, margin == Long.MAX_VALUE ? Long.MIN_VALUE : targetMicros - margin);
        }
        for (AVFrame frame = decoder.next(); frame != null; frame = decoder.next()) {
            if (decoder.micros(frame) >= targetMicros) {
                return frame;
            }
            WorkerPool.checkpoint(); // a long video read to its end: stop when the job is past its deadline
        }
        return decoder.previous();
    }

    private void checkLimits(int width, int height) {
        if (width > limits.maxSide() || height > limits.maxSide() || (long) width * height > limits.maxPixels()) {
            throw ApiException.badRequest("video is " + width + "x" + height + ", over the limit of " + limits.maxSide()
                    + " px a side and " + limits.maxPixels() + " pixels");
        }
    }
}
