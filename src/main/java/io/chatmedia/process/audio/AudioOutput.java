package io.chatmedia.process.audio;

import static org.bytedeco.ffmpeg.avformat.AVFormatContext.AVFMT_FLAG_BITEXACT;
import static org.bytedeco.ffmpeg.avformat.AVFormatContext.AVFMT_FLAG_CUSTOM_IO;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CAP_SMALL_LAST_FRAME;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CAP_VARIABLE_FRAME_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_drain;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_set_silence;

import io.chatmedia.system.ApiException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

/**
 * An encoder and a muxer writing one audio stream into a bounded {@link MemoryOutput}: frames of any size go into a
 * FIFO and leave it in the encoder's frame size, timed by the samples sent. Every native object is freed by
 * {@link #close()}.
 */
final class AudioOutput implements AutoCloseable {

    /** LAME's VBR quality per step of FFmpeg's {@code global_quality}. */
    private static final int QP2LAMBDA = 118;

    private final String action;
    private final ConvertSpec.Target target;
    private final MemoryOutput memory;
    private AVFormatContext muxer;
    private long ioKey;
    private AVIOContext io;
    private AVCodecContext encoder;
    private AVStream stream;
    private AVAudioFifo fifo;
    private AVFrame frame;
    private AVPacket packet;
    private int frameSize;
    private boolean padLast;
    private long samplesSent;
    private long offset;
    private long keepFrom = Long.MIN_VALUE;
    private long keepTo = Long.MAX_VALUE;
    private List<Packet> collected;
    private long collectedBytes;
    private long partLimit;

    /** An encoded packet held for the muxer: its bytes, and its time in samples of the whole result. */
    record Packet(byte[] data, long pts, long duration, int flags) {}

    private AudioOutput(String action, ConvertSpec.Target target, MemoryOutput memory) {
        this.action = action;
        this.target = target;
        this.memory = memory;
    }

    /**
     * An encoder without a muxer, for one part of a result encoded on its own (see {@link SplitEncoding}): its first
     * sample is sample {@code offset} of the result, and it keeps the packets whose time is in
     * [{@code keepFrom}, {@code keepTo}), for {@link #finishInto} of the output that muxes the result.
     */
    static AudioOutput part(
            String action, ConvertSpec.Target target, long limit, long offset, long keepFrom, long keepTo) {
        AudioOutput output = new AudioOutput(action, target, null);
        output.partLimit = limit;
        output.offset = offset;
        output.keep(keepFrom, keepTo);
        output.collected = new ArrayList<>();
        try {
            output.start();
            return output;
        } catch (RuntimeException e) {
            output.close();
            throw e;
        }
    }

    /** Keeps only the packets whose time is in [{@code from}, {@code to}); called before the first sample. */
    void keep(long from, long to) {
        this.keepFrom = from;
        this.keepTo = to;
    }

    static AudioOutput open(String action, ConvertSpec.Target target, MemoryOutput memory) {
        AudioOutput output = new AudioOutput(action, target, memory);
        try {
            output.start();
            return output;
        } catch (RuntimeException e) {
            output.close();
            throw e;
        }
    }

    private void start() {
        AudioFormat format = target.format();
        if (memory != null) {
            muxer = new AVFormatContext(null);
            if (avformat_alloc_output_context2(muxer, (AVOutputFormat) null, format.muxer(), null) < 0
                    || muxer.isNull()) {
                throw new IllegalStateException("no " + format.muxer() + " muxer in the FFmpeg natives");
            }
            ioKey = muxer.address();
            io = FfmpegWrites.writer(muxer, memory);
            muxer.pb(io);
            muxer.flags(muxer.flags() | AVFMT_FLAG_CUSTOM_IO | AVFMT_FLAG_BITEXACT);
        }
        AVCodec codec = avcodec_find_encoder_by_name(format.encoder());
        if (codec == null || codec.isNull()) {
            throw ApiException.unsupportedMediaType(action + ": no " + format.encoder() + " encoder ships here");
        }
        encoder = avcodec_alloc_context3(codec);
        encoder.sample_fmt(format.sampleFormat());
        encoder.sample_rate(target.rate());
        av_channel_layout_default(encoder.ch_layout(), target.channels());
        encoder.time_base(av_make_q(1, target.rate()));
        if (target.quality() != null) {
            encoder.flags(encoder.flags() | AV_CODEC_FLAG_QSCALE);
            encoder.global_quality((100 - target.quality()) * 9 / 100 * QP2LAMBDA);
        } else if (format.lossy()) {
            encoder.bit_rate(target.bitrate());
        }
        if (muxer == null ? format == AudioFormat.M4A : (muxer.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        AVDictionary options = new AVDictionary(null);
        try {
            if (format.encoder().equals("aac")) {
                // the "fast" coder: at voice bitrates indistinguishable from "twoloop", and several times quicker
                av_dict_set(options, "aac_coder", "fast", 0);
            }
            if (avcodec_open2(encoder, codec, options) < 0) {
                throw ApiException.badRequest(action + ": " + format.extension() + " cannot be encoded at "
                        + target.rate() + " Hz, " + target.channels() + " channel(s)");
            }
        } finally {
            av_dict_free(options);
        }
        if (muxer != null) {
            stream = avformat_new_stream(muxer, null);
            avcodec_parameters_from_context(stream.codecpar(), encoder);
            stream.time_base(av_make_q(1, target.rate()));
            if (avformat_write_header(muxer, (AVDictionary) null) < 0) {
                throw new IllegalStateException("the " + format.muxer() + " muxer refused its header");
            }
        }
        boolean variable = (codec.capabilities() & AV_CODEC_CAP_VARIABLE_FRAME_SIZE) != 0;
        frameSize = encoder.frame_size() > 0 && !variable ? encoder.frame_size() : 4096;
        padLast = encoder.frame_size() > 0 && !variable && (codec.capabilities() & AV_CODEC_CAP_SMALL_LAST_FRAME) == 0;
        fifo = av_audio_fifo_alloc(format.sampleFormat(), target.channels(), frameSize * 2);
        frame = av_frame_alloc();
        packet = av_packet_alloc();
    }

    /** The sink for {@link AudioInput#decode}: frames already in the encoder's format, rate and layout. */
    boolean write(AVFrame converted, int from, int count) {
        if (from > 0 && av_audio_fifo_size(fifo) > 0) {
            throw new IllegalStateException("samples skipped after samples were written");
        }
        if (av_audio_fifo_write(fifo, converted.extended_data(), from + count) < from + count) {
            throw new OutOfMemoryError("the audio FIFO could not grow");
        }
        if (from > 0) {
            av_audio_fifo_drain(fifo, from);
        }
        while (av_audio_fifo_size(fifo) >= frameSize) {
            encode(frameSize);
        }
        return true;
    }

    /**
     * Writes {@code count} samples given as planes (one float array per channel), for a planar float encoder.
     *
     * @throws InterruptedIOException when the thread is interrupted (its job was cancelled)
     */
    void writePlanes(float[][] planes, int count) throws InterruptedIOException {
        if (target.format().sampleFormat() != AV_SAMPLE_FMT_FLTP) {
            throw new IllegalStateException(target.format().encoder() + " does not take planar float samples");
        }
        AVFrame staging = av_frame_alloc();
        try {
            staging.format(AV_SAMPLE_FMT_FLTP);
            staging.sample_rate(target.rate());
            av_channel_layout_default(staging.ch_layout(), target.channels());
            staging.nb_samples(frameSize);
            if (av_frame_get_buffer(staging, 0) < 0) {
                throw new OutOfMemoryError("no memory for an audio frame");
            }
            for (int at = 0; at < count; at += frameSize) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException(action + ": interrupted");
                }
                int n = Math.min(frameSize, count - at);
                for (int c = 0; c < target.channels(); c++) {
                    try (FloatPointer plane = new FloatPointer(staging.extended_data(c))) {
                        plane.put(planes[c], at, n);
                    }
                }
                write(staging, 0, n);
            }
        } finally {
            av_frame_free(staging);
        }
    }

    /** Encodes what is left, flushes the encoder and writes the trailer. @return the file */
    byte[] finish() {
        return finishInto(List.of());
    }

    /** Encodes what is left and flushes the encoder. @return the packets kept, of a {@link #part} */
    List<Packet> finishPart() {
        flush();
        return collected;
    }

    /**
     * Encodes what is left, flushes the encoder, then muxes the packets of the later parts after this output's own and
     * writes the trailer.
     *
     * @return the file
     */
    byte[] finishInto(List<Packet> later) {
        flush();
        AVPacket muxed = av_packet_alloc();
        try {
            for (Packet part : later) {
                if (av_new_packet(muxed, part.data().length) < 0) {
                    throw new OutOfMemoryError("no memory for an audio packet");
                }
                muxed.data().put(part.data(), 0, part.data().length);
                muxed.pts(part.pts());
                muxed.dts(part.pts());
                muxed.duration(part.duration());
                muxed.flags(part.flags());
                mux(muxed);
            }
        } finally {
            av_packet_free(muxed);
        }
        if (av_write_trailer(muxer) < 0) {
            checkOverflow();
            throw new IllegalStateException("the " + target.format().muxer() + " muxer failed at its trailer");
        }
        checkOverflow();
        return memory.toByteArray();
    }

    private void flush() {
        while (av_audio_fifo_size(fifo) > 0) {
            encode(Math.min(frameSize, av_audio_fifo_size(fifo)));
        }
        send(null);
    }

    private void encode(int samples) {
        av_frame_unref(frame);
        frame.nb_samples(padLast ? frameSize : samples);
        frame.format(target.format().sampleFormat());
        frame.sample_rate(target.rate());
        av_channel_layout_default(frame.ch_layout(), target.channels());
        if (av_frame_get_buffer(frame, 0) < 0) {
            throw new OutOfMemoryError("no memory for an audio frame");
        }
        if (padLast && samples < frameSize) {
            av_samples_set_silence(
                    frame.extended_data(),
                    0,
                    frameSize,
                    target.channels(),
                    target.format().sampleFormat());
        }
        av_audio_fifo_read(fifo, frame.extended_data(), samples);
        frame.pts(samplesSent);
        samplesSent += samples;
        send(frame);
    }

    private void send(AVFrame toSend) {
        if (avcodec_send_frame(encoder, toSend) < 0) {
            throw ApiException.badRequest(action + ": the " + target.format().encoder() + " encoder failed");
        }
        while (avcodec_receive_packet(encoder, packet) >= 0) {
            long pts = packet.pts() + offset;
            if (pts < keepFrom || pts >= keepTo) {
                av_packet_unref(packet);
            } else if (collected != null) {
                collectedBytes += packet.size();
                if (collectedBytes > partLimit) {
                    throw tooLarge(partLimit);
                }
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                collected.add(new Packet(data, pts, packet.duration(), packet.flags()));
                av_packet_unref(packet);
            } else {
                packet.pts(pts);
                packet.dts(packet.dts() + offset);
                mux(packet);
            }
        }
    }

    /** Writes {@code muxed} (timed in samples) and unreferences it. */
    private void mux(AVPacket muxed) {
        av_packet_rescale_ts(muxed, encoder.time_base(), stream.time_base());
        muxed.stream_index(stream.index());
        if (av_interleaved_write_frame(muxer, muxed) < 0) {
            checkOverflow();
            throw new IllegalStateException("the " + target.format().muxer() + " muxer failed");
        }
    }

    private void checkOverflow() {
        if (memory.overflowed()) {
            throw tooLarge(memory.limit());
        }
    }

    private ApiException tooLarge(long limit) {
        return ApiException.badRequest(action + ": the result would be larger than " + (limit >> 20)
                + " MiB; ask for a part of the audio with" + " ss and t");
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
        }
        if (frame != null) {
            av_frame_free(frame);
        }
        if (fifo != null) {
            av_audio_fifo_free(fifo);
        }
        if (encoder != null) {
            avcodec_free_context(encoder);
        }
        if (muxer != null && !muxer.isNull()) {
            avformat_free_context(muxer);
        }
        if (io != null) {
            FfmpegWrites.free(ioKey, io);
        }
    }
}
