package io.chatmedia.process.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.system.ApiException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.Pointer;

/**
 * The picture stream of a {@link VideoInput} decoded frame by frame with FFmpeg's send/receive API, the only stream
 * the demuxer reads. Decoded frames stay in the decoder's own reference-counted buffers: nothing is converted or
 * copied until the chosen frame is scaled. Each packet is read under the frame read limit
 * ({@link RangedBlobInputStream#limitReads}) and refused when larger than it, and the job's deadline is checked
 * between packets. A read or decode
 * error ends the stream (its buffered frames are still delivered), as a damaged tail would. {@link #close()} frees
 * every native object.
 */
final class VideoDecoder implements AutoCloseable {

    private static final int AVERROR_EAGAIN = -11;

    /** Errors for buffered frames tolerated while draining, before the rest is given up. */
    private static final int MAX_DRAIN_ERRORS = 16;

    private final VideoInput input;
    private final AVStream stream;
    private final long maxPacketBytes;
    private final AVCodecContext codec;
    private final AVPacket packet;
    private AVFrame current;
    private AVFrame previous;
    private boolean draining;
    private boolean oversized;
    private long target = Long.MAX_VALUE;
    private long skipBefore = Long.MIN_VALUE;
    /** The earliest display time at or after the target among the packets sent; MAX_VALUE while none. */
    private long candidate = Long.MAX_VALUE;
    /** Whether every packet so far had a decoding time at or before its display time (else no early drain). */
    private boolean ordered = true;

    private VideoDecoder(VideoInput input, AVCodecContext codec, long maxPacketBytes) {
        this.input = input;
        this.stream = input.format().streams(input.videoIndex());
        this.maxPacketBytes = maxPacketBytes;
        this.codec = codec;
        this.packet = av_packet_alloc();
        this.current = av_frame_alloc();
        this.previous = av_frame_alloc();
        if (packet == null || current == null || previous == null) {
            close();
            throw new OutOfMemoryError("FFmpeg could not allocate a packet or a frame");
        }
    }

    /**
     * Opens the decoder of {@code input}'s picture stream, every other stream discarded.
     *
     * @param threads   the decoder's threads (1: no frame threading, so a frame comes out as soon as its packet is in)
     * @param maxPixels the decoder refuses a frame larger than this (its own {@code max_pixels})
     * @throws ApiException 400 when the stream's decoder cannot be opened
     */
    static VideoDecoder open(VideoInput input, int threads, long maxPixels, long maxPacketBytes) {
        AVStream stream = input.format().streams(input.videoIndex());
        AVCodec decoder = avcodec_find_decoder(stream.codecpar().codec_id());
        if (decoder == null || decoder.isNull()) {
            throw ApiException.badRequest("the video stream has no decoder");
        }
        input.discardAllButPicture();
        AVCodecContext codec = avcodec_alloc_context3(decoder);
        if (codec == null || codec.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate a decoder");
        }
        AVDictionary options = new AVDictionary(null);
        try {
            if (avcodec_parameters_to_context(codec, stream.codecpar()) < 0) {
                throw ApiException.badRequest("the video stream's parameters are invalid");
            }
            codec.pkt_timebase(stream.time_base());
            av_dict_set(options, "threads", Integer.toString(threads), 0);
            av_dict_set(options, "max_pixels", Long.toString(Math.max(1, maxPixels)), 0);
            if (avcodec_open2(codec, decoder, options) < 0) {
                throw ApiException.badRequest("the video stream cannot be decoded");
            }
            return new VideoDecoder(input, codec, maxPacketBytes);
        } catch (RuntimeException | Error e) {
            avcodec_free_context(codec);
            throw e;
        } finally {
            av_dict_free(options);
        }
    }

    /** Moves to the keyframe at or before {@code micros} on the container's timeline (its start time included). */
    void seekBefore(long micros) {
        AVFormatContext format = input.format();
        if (avformat_seek_file(format, -1, Long.MIN_VALUE, micros, micros, AVSEEK_FLAG_BACKWARD) < 0) {
            av_seek_frame(format, -1, micros, AVSEEK_FLAG_BACKWARD);
        }
        avcodec_flush_buffers(codec);
        draining = false;
        candidate = Long.MAX_VALUE;
        ordered = true;
        av_frame_unref(current);
        av_frame_unref(previous);
    }

    /**
     * Decodes toward the first frame at or after {@code targetMicros}: packets of frames no other frame refers to
     * whose time is before {@code skipBeforeMicros} are not decoded at all (the decoder's own {@code skip_frame}: such
     * a frame can be neither the answer nor a reference), and once every packet that can still show a frame before
     * the first one past the target has been sent (a packet's decoding time never exceeds its display time, and
     * decoding times only grow), the decoder is drained instead of being fed the packets after it.
     */
    void aimAt(long targetMicros, long skipBeforeMicros) {
        this.target = targetMicros;
        this.skipBefore = skipBeforeMicros;
        this.candidate = Long.MAX_VALUE;
    }

    /**
     * The next frame in display order, owned by this decoder and valid until the next call; null at the end of the
     * stream (or of its readable part). The frame returned before stays available as {@link #previous()}.
     */
    AVFrame next() {
        av_frame_unref(previous);
        AVFrame spare = previous;
        previous = current;
        current = spare;
        return receive(false);
    }

    /**
     * The first frame decodable from where the last seek landed, decoded alone: its packet is sent and the decoder
     * drained at once, so no later frame is read or decoded. Null when that yields nothing (a damaged keyframe, a
     * stream whose first packet is not one): then seek again and use {@link #next()}.
     */
    AVFrame firstAlone() {
        return receive(true);
    }

    /**
     * Whether a packet larger than a frame may be was met (and the stream ended there); a read past the limit shows
     * as {@link RangedBlobInputStream#readLimitHit()} instead.
     */
    boolean refusedLargePacket() {
        return oversized;
    }

    /** The frame {@link #next()} returned before its last call; null if none. */
    AVFrame previous() {
        return previous.width() > 0 ? previous : null;
    }

    /** The frame's time on the container's timeline, in microseconds; {@link Long#MIN_VALUE} when it has none. */
    long micros(AVFrame frame) {
        return micros(frame.best_effort_timestamp());
    }

    private long micros(long pts) {
        if (pts == AV_NOPTS_VALUE) {
            return Long.MIN_VALUE;
        }
        AVRational base = stream.time_base();
        return base.den() == 0 ? Long.MIN_VALUE : (long) (pts * 1e6 * base.num() / base.den());
    }

    private AVFrame receive(boolean alone) {
        int errors = 0;
        while (true) {
            int received = avcodec_receive_frame(codec, current);
            if (received >= 0) {
                return current;
            }
            if (draining) {
                if (received == AVERROR_EOF() || received == AVERROR_EAGAIN || ++errors > MAX_DRAIN_ERRORS) {
                    return null;
                }
                continue; // a damaged frame among the buffered ones: the next may be whole
            }
            // EAGAIN, or a damaged frame skipped as FFmpeg's own tools do: the next packet
            WorkerPool.checkpoint();
            if (readPacket() && alone) {
                drain();
            }
        }
    }

    /**
     * Reads the picture stream's next packet and sends it to the decoder; at the end of the stream, or on a read
     * error (the frame read limit, a job past its deadline, a damaged container), drains the decoder instead.
     * Returns whether a keyframe's packet was sent.
     */
    private boolean readPacket() {
        while (true) {
            input.source().limitReads(maxPacketBytes);
            int read = av_read_frame(input.format(), packet);
            input.source().limitReads(Long.MAX_VALUE);
            if (read < 0) {
                drain();
                return false;
            }
            try {
                if (packet.stream_index() != stream.index()) {
                    WorkerPool.checkpoint(); // a demuxer that reads discarded streams anyway
                    continue;
                }
                if (packet.size() > maxPacketBytes) {
                    // read from FFmpeg's buffer, filled before the limit was set: refused all the same
                    oversized = true;
                    drain();
                    return false;
                }
                boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                long pts = micros(packet.pts());
                long dts = micros(packet.dts());
                ordered &= pts != Long.MIN_VALUE && dts != Long.MIN_VALUE && dts <= pts;
                if (ordered && dts >= candidate) {
                    drain(); // no packet from here on shows a frame before the candidate
                    return false;
                }
                if (ordered && pts >= target) {
                    candidate = Math.min(candidate, pts);
                }
                codec.skip_frame(pts != Long.MIN_VALUE && pts < skipBefore ? AVDISCARD_NONREF : AVDISCARD_DEFAULT);
                // a damaged packet is refused and skipped; EAGAIN cannot happen, the decoder's output ran dry first
                return avcodec_send_packet(codec, packet) >= 0 && key;
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private void drain() {
        draining = true;
        avcodec_send_packet(codec, (AVPacket) null);
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
        }
        if (current != null) {
            av_frame_free(current);
        }
        if (previous != null) {
            av_frame_free(previous);
        }
        avcodec_free_context(codec);
        // the decoder's frames (megabytes each, in its threads' malloc arenas) go back to the system at once: RSS
        // stays flat over thousands of covers (bench/cover-memory.sh), at a fraction of a millisecond
        Pointer.trimMemory();
    }
}
