package io.chatmedia.process.video;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.image.JobMemory;
import io.chatmedia.system.ApiException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads one stored video through FFmpeg, fed only by ChatMedia's own I/O callbacks over a
 * {@link RangedBlobInputStream} (never a URL or protocol name from a request). Each call opens a fresh demuxer and
 * closes every native object before it returns.
 */
final class VideoReader {

    /** FFmpeg reads still images as one-frame "videos": they are not videos. */
    private static final Pattern IMAGE_DEMUXERS = Pattern.compile(".*_pipe|image2.*");

    /** Frames before the target decoded in full: more than the longest run of B-frames an encoder writes. */
    private static final int SKIP_MARGIN_FRAMES = 8;

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
        FFmpegFrameGrabber grabber = grabber(source, 16, 16);
        try {
            start(grabber, false);
            VideoHeader header = describe(grabber);
            if (header.hasVideo() && (header.codedWidth() <= 0 || header.codedHeight() <= 0)) {
                grabber.stop();
                source.reset();
                // a container without dimensions in its header: ask the stream, whose frames the decoder then keeps
                // within the job's memory
                grabber.setVideoOption(
                        "max_pixels",
                        Long.toString(Math.max(
                                1,
                                Math.min(
                                        limits.maxPixels(),
                                        VideoMemory.affordablePixelsOfUnknownStream(limits.maxJobBytes())))));
                start(grabber, true);
                header = describe(grabber);
            }
            checkLimits(header);
            return header;
        } finally {
            release(grabber);
        }
    }

    /**
     * The first frame at or after {@code timeMs} (exact, as {@code ffmpeg -ss} picks it: decoded forward from the
     * keyframe before it) or the keyframe at or before it (fast), scaled to {@code width}×{@code height} in the
     * stream's own orientation. At or past the end: the last frame, whatever the mode. The decoder's frames and the
     * output ({@link VideoMemory}) are checked against the job's memory limit first, and the decoder refuses a frame
     * larger than what is left of it.
     *
     * @param label what a refusal's reason starts with ({@code video/snapshot})
     * @throws ApiException 400 when no frame can be decoded there, or the job would need more memory than it may use
     */
    BufferedImage frame(
            RangedBlobInputStream source,
            VideoHeader header,
            long timeMs,
            boolean fast,
            int width,
            int height,
            String label)
            throws IOException {
        JobMemory memory = new JobMemory(limits.maxJobBytes(), label, MEMORY_SETTING);
        memory.reserve(VideoMemory.coverBytes(width, height), "the " + width + "x" + height + " frame");
        long forDecoder = memory.remaining();
        memory.reserve(
                VideoMemory.decoderBytes(header),
                "decoding the " + header.codedWidth() + "x" + header.codedHeight() + " " + header.videoCodec()
                        + " stream (" + VideoMemory.framesInFlight(header.videoCodec()) + " frames in flight)");
        boolean pastEnd = header.durationMs() > 0 && timeMs >= header.durationMs();
        FFmpegFrameGrabber grabber = grabber(source, width, height);
        // the decoder's own limit, for a stream whose later sequence header is larger than the container said
        // (with room for the decoder's row alignment, which the estimate leaves out)
        long alignedHeader = (header.codedWidth() + 128L) * (header.codedHeight() + 128L);
        long affordable =
                Math.min(limits.maxPixels(), Math.max(alignedHeader, VideoMemory.affordablePixels(header, forDecoder)));
        grabber.setVideoOption("max_pixels", Long.toString(Math.max(1, affordable)));
        Frame chosen = null;
        try {
            start(grabber, false);
            Frame keyframe = keyFrameAtOrBefore(grabber, source, pastEnd ? header.durationMs() : timeMs);
            refuseLargeFrames(source, label);
            chosen = keyframe == null ? null : keyframe.clone();
            if (!fast || pastEnd) {
                chosen = decodeForward(grabber, source, chosen, pastEnd ? Long.MAX_VALUE : timeMs * 1000, header.fps());
                refuseLargeFrames(source, label);
            }
            if (chosen == null || chosen.image == null) {
                throw ApiException.badRequest("video/snapshot: no frame could be decoded at t_" + timeMs);
            }
            return FrameImages.toImage(chosen);
        } catch (FrameGrabber.Exception e) {
            refuseLargeFrames(source, label);
            throw ApiException.badRequest("video/snapshot: the video cannot be decoded at t_" + timeMs);
        } finally {
            source.limitReads(Long.MAX_VALUE);
            if (chosen != null) {
                chosen.close();
            }
            release(grabber);
        }
    }

    /** @throws ApiException 400 naming the limit when a frame's packets were larger than one frame may read */
    private void refuseLargeFrames(RangedBlobInputStream source, String label) {
        if (source.readLimitHit()) {
            throw ApiException.badRequest(label + ": a frame of the video is larger than the "
                    + (limits.maxFrameBytes() >> 20) + " MB one frame may be (" + FRAME_SETTING + ")");
        }
    }

    private Frame keyFrameAtOrBefore(FFmpegFrameGrabber grabber, RangedBlobInputStream source, long timeMs)
            throws FrameGrabber.Exception {
        AVFormatContext context = grabber.getFormatContext();
        long target = timeMs * 1000 + Math.max(0, context.start_time());
        if (avformat.avformat_seek_file(context, -1, Long.MIN_VALUE, target, target, avformat.AVSEEK_FLAG_BACKWARD)
                < 0) {
            avformat.av_seek_frame(context, -1, target, avformat.AVSEEK_FLAG_BACKWARD);
        }
        source.limitReads(limits.maxFrameBytes());
        return grabber.grabImage();
    }

    /**
     * Decodes on from {@code current} until a frame's time reaches {@code targetMicros}; the last good frame when
     * the stream (or its decodable part) ends first. Far from the target, frames no other frame refers to are not
     * decoded at all and nothing is scaled (the decoder's own {@code skip_frame}); the last frames before it are
     * decoded in full, so the answer is exact. Frames are copied, since the grabber reuses its buffers.
     */
    private Frame decodeForward(
            FFmpegFrameGrabber grabber, RangedBlobInputStream source, Frame current, long targetMicros, double fps) {
        AVCodecContext codec = targetMicros == Long.MAX_VALUE ? null : VideoCodecs.of(grabber);
        long margin = fps > 0 ? (long) (SKIP_MARGIN_FRAMES * 1_000_000 / fps) : Long.MAX_VALUE;
        boolean skipping = codec != null && margin != Long.MAX_VALUE;
        long lastTime = current == null ? Long.MIN_VALUE : current.timestamp;
        Frame last = current;
        try {
            if (skipping && lastTime != Long.MIN_VALUE && lastTime + margin < targetMicros) {
                codec.skip_frame(avcodec.AVDISCARD_NONREF);
                while (lastTime + margin < targetMicros) {
                    WorkerPool.checkpoint(); // a long video read to its end: stop when the job is past its deadline
                    source.limitReads(limits.maxFrameBytes());
                    Frame next = grabber.grabFrame(false, true, false, false);
                    if (next == null) {
                        break;
                    }
                    lastTime = next.timestamp;
                }
                codec.skip_frame(avcodec.AVDISCARD_DEFAULT);
                if (last != null && lastTime >= targetMicros) {
                    return last; // cannot happen with the margin; keeps the keyframe rather than nothing
                }
            }
            while (last == null || last.timestamp < targetMicros) {
                if (Thread.currentThread().isInterrupted() && last != current && last != null) {
                    last.close(); // a copy of ours: free it before the checkpoint stops the job
                    last = null;
                }
                WorkerPool.checkpoint();
                source.limitReads(limits.maxFrameBytes());
                Frame next = grabber.grabImage();
                if (next == null) {
                    break;
                }
                if (last != null) {
                    last.close();
                }
                last = next.clone();
            }
        } catch (FrameGrabber.Exception e) {
            // a broken tail: the last good frame
        } finally {
            if (codec != null) {
                codec.skip_frame(avcodec.AVDISCARD_DEFAULT);
            }
        }
        return last;
    }

    private FFmpegFrameGrabber grabber(RangedBlobInputStream source, int width, int height) {
        // A positive maximum size is what makes JavaCV install the seek callback (the value is otherwise unused here).
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source, Integer.MAX_VALUE);
        grabber.setCloseInputStream(false);
        grabber.setImageWidth(width);
        grabber.setImageHeight(height);
        grabber.setVideoOption("threads", "2");
        return grabber;
    }

    private void start(FFmpegFrameGrabber grabber, boolean findStreamInfo) {
        try {
            grabber.start(findStreamInfo);
        } catch (FrameGrabber.Exception e) {
            // FFmpeg refuses to open a decoder for a picture of 16000x16000 and more: say which limit the header
            // crossed rather than that the file cannot be read
            AVFormatContext context = grabber.getFormatContext();
            for (int i = 0; context != null && !context.isNull() && i < context.nb_streams(); i++) {
                AVCodecParameters parameters = context.streams(i).codecpar();
                if (parameters.codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    checkLimits(parameters.width(), parameters.height());
                }
            }
            throw ApiException.badRequest("the file is not a video or audio file that can be read");
        }
    }

    private static VideoHeader describe(FFmpegFrameGrabber grabber) {
        AVFormatContext context = grabber.getFormatContext();
        int codedWidth = 0;
        int codedHeight = 0;
        int pixelFormat = -1;
        int channels = 0;
        int sampleRate = 0;
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            AVCodecParameters parameters = stream.codecpar();
            if (parameters.codec_type() == avutil.AVMEDIA_TYPE_VIDEO
                    && codedWidth == 0
                    && (stream.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                codedWidth = parameters.width();
                codedHeight = parameters.height();
                pixelFormat = parameters.format();
            } else if (parameters.codec_type() == avutil.AVMEDIA_TYPE_AUDIO && channels == 0) {
                channels = parameters.ch_layout().nb_channels();
                sampleRate = parameters.sample_rate();
            }
        }
        long duration = context.duration() > 0 ? context.duration() / 1000 : longestStreamMs(context);
        if (IMAGE_DEMUXERS.matcher(String.valueOf(grabber.getFormat())).matches()) {
            throw ApiException.badRequest("the file is an image, not a video");
        }
        return new VideoHeader(
                grabber.getFormat(),
                grabber.hasVideo(),
                grabber.hasAudio(),
                codecName(context, avutil.AVMEDIA_TYPE_VIDEO),
                codecName(context, avutil.AVMEDIA_TYPE_AUDIO),
                codedWidth,
                codedHeight,
                clockwise(grabber.getDisplayRotation()),
                duration,
                grabber.hasVideo() ? grabber.getFrameRate() : 0,
                Math.max(0, context.bit_rate()),
                channels,
                sampleRate,
                pixelFormat);
    }

    /** The codec's own name, as ffprobe reports it ({@code av1}, {@code mp3}), not the decoder's. */
    private static String codecName(AVFormatContext context, int type) {
        for (int i = 0; i < context.nb_streams(); i++) {
            AVCodecParameters parameters = context.streams(i).codecpar();
            if (parameters.codec_type() == type
                    && (context.streams(i).disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return avcodec.avcodec_get_name(parameters.codec_id()).getString();
            }
        }
        return null;
    }

    /** Without stream info the container's own duration is not summed up: the longest stream's, from its header. */
    private static long longestStreamMs(AVFormatContext context) {
        long longest = 0;
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            if (stream.duration() > 0 && stream.time_base().den() > 0) {
                longest = Math.max(
                        longest,
                        stream.duration()
                                * 1000L
                                * stream.time_base().num()
                                / stream.time_base().den());
            }
        }
        return longest;
    }

    /** FFmpeg's display matrix angle is counter-clockwise; covers need the clockwise turn that makes them upright. */
    static int clockwise(double displayRotation) {
        long quarter = Math.round(-displayRotation / 90.0);
        return (int) (((quarter % 4) + 4) % 4) * 90;
    }

    private void checkLimits(VideoHeader header) {
        checkLimits(header.codedWidth(), header.codedHeight());
    }

    private void checkLimits(int width, int height) {
        if (width > limits.maxSide() || height > limits.maxSide() || (long) width * height > limits.maxPixels()) {
            throw ApiException.badRequest("video is " + width + "x" + height + ", over the limit of " + limits.maxSide()
                    + " px a side and " + limits.maxPixels() + " pixels");
        }
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception ignored) {
            // nothing left to free
        }
    }
}
