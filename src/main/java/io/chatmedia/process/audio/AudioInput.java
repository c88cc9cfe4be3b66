package io.chatmedia.process.audio;

import static org.bytedeco.ffmpeg.avformat.AVFormatContext.AVFMT_FLAG_CUSTOM_IO;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_DURATION_FROM_BITRATE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_seek_file;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_compare;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_config_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import io.chatmedia.process.video.FfmpegReads;
import io.chatmedia.process.video.RangedBlobInputStream;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One stored audio source (or a video's sound) opened through {@link FfmpegReads}: its header, and its audio decoded and
 * resampled frame by frame into a {@link Sink}, in memory bounded by a frame. Every native object is freed by
 * {@link #close()}, on every path.
 */
final class AudioInput implements AutoCloseable {

    /** Enough of the start for the SILK magic and a WAV header's chunks. */
    private static final int PREFIX = 4096;

    /** How far before a start a seek lands: Opus needs 80 ms of decoding to converge. */
    private static final long PREROLL_US = 80_000;

    private static final int AVERROR_EIO = -5;
    private static final int AVERROR_EAGAIN = -11;

    /** FFmpeg reads still images as one-frame streams: they are not audio. */
    private static final Pattern IMAGE_DEMUXERS = Pattern.compile(".*_pipe|image2.*");

    /** Receives resampled frames: {@code count} samples from sample {@code from}. Returns false to stop. */
    @FunctionalInterface
    interface Sink {
        boolean accept(AVFrame frame, int from, int count) throws IOException;
    }

    /** What a pass does with a packet, by its timestamp (see {@link Gate}). */
    enum Verdict {
        /** decoded, its samples dropped: the pre-roll a decoder needs after a seek */
        PRE_ROLL,
        /** decoded and handed on */
        HAND,
        /** not decoded: the pass stops here */
        STOP
    }

    /** Decides per packet, by its timestamp in the stream's time base, what a pass does with it. */
    @FunctionalInterface
    interface Gate {
        Verdict at(long pts);
    }

    /**
     * What a decode pass found.
     *
     * @param samples    samples handed to the sink, at the output rate
     * @param endMs      where the audio stream's last packet ends (demuxed to the end when asked), from its start
     * @param stopped    whether the sink stopped the pass early
     * @param packets    the audio stream's packets read
     * @param damaged    packets the demuxer flagged corrupt or the decoder refused, and decoder errors
     * @param demuxError whether the container could not be read to its end (an error other than end of file)
     */
    record Pass(long samples, long endMs, boolean stopped, long packets, long damaged, boolean demuxError) {}

    private final String action;
    private final AVFormatContext format;
    private final long ioKey;
    private final long missingBytes;
    private final AVIOContext io;
    private AVCodecContext decoder;
    private AVStream stream;

    private AudioInput(String action, AVFormatContext format, AVIOContext io, long missingBytes) {
        this.action = action;
        this.missingBytes = missingBytes;
        this.format = format;
        this.ioKey = format.address();
        this.io = io;
    }

    /**
     * Opens {@code source} and its audio stream's decoder.
     *
     * @param action names the request in error messages ({@code audio/convert})
     * @throws ApiException 400 when it is not a file FFmpeg reads, has no audio stream, or is an image; 415 when no
     *                      decoder ships for its codec
     */
    static AudioInput open(RangedBlobInputStream source, String action) throws IOException {
        byte[] prefix = source.readNBytes(PREFIX);
        if (Silk.is(prefix)) {
            throw Silk.refusal(action);
        }
        long missingBytes = WavSize.missing(prefix, source.size());
        source.reset();
        AVFormatContext format = avformat_alloc_context();
        AVIOContext io = FfmpegReads.reader(format, source);
        format.pb(io);
        format.flags(format.flags() | AVFMT_FLAG_CUSTOM_IO);
        long key = format.address();
        if (avformat_open_input(format, (String) null, (AVInputFormat) null, (AVDictionary) null) < 0) {
            // FFmpeg freed the context; the I/O context is ours
            FfmpegReads.free(key, io);
            throw ApiException.badRequest(action + ": the file is not an audio file that can be read");
        }
        AudioInput input = new AudioInput(action, format, io, missingBytes);
        try {
            input.openDecoder();
            return input;
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }

    private void openDecoder() {
        String demuxer = format.iformat().name().getString();
        if (IMAGE_DEMUXERS.matcher(demuxer).matches()) {
            throw ApiException.badRequest(action + ": the file is an image, not audio");
        }
        if (avformat_find_stream_info(format, (PointerPointer<?>) null) < 0) {
            throw ApiException.badRequest(action + ": the file's streams cannot be read");
        }
        int index = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
        if (index < 0) {
            throw ApiException.badRequest(action + ": the file has no audio track");
        }
        stream = format.streams(index);
        for (int i = 0; i < format.nb_streams(); i++) {
            if (i != index) {
                format.streams(i).discard(AVDISCARD_ALL);
            }
        }
        AVCodecParameters parameters = stream.codecpar();
        AVCodec codec = avcodec_find_decoder(parameters.codec_id());
        if (codec == null || codec.isNull()) {
            throw ApiException.unsupportedMediaType(action + ": no decoder for "
                    + avcodec_get_name(parameters.codec_id()).getString() + " audio");
        }
        decoder = avcodec_alloc_context3(codec);
        if (avcodec_parameters_to_context(decoder, parameters) < 0) {
            throw ApiException.badRequest(action + ": the audio stream's parameters are invalid");
        }
        decoder.pkt_timebase(stream.time_base());
        if (avcodec_open2(decoder, codec, (AVDictionary) null) < 0) {
            throw ApiException.badRequest(action + ": the audio stream cannot be decoded");
        }
    }

    /** Data the header declares that the file does not hold (a WAV {@code data} chunk cut short); 0 if none. */
    long missingBytes() {
        return missingBytes;
    }

    AudioHeader header() {
        AVCodecParameters parameters = stream.codecpar();
        // the container's duration is its longest stream's: a video's sound may rightly end before its picture
        long duration =
                format.nb_streams() == 1 && format.duration() > 0 ? format.duration() / 1000 : streamDurationMs();
        long bitrate = parameters.bit_rate() > 0 ? parameters.bit_rate() : Math.max(0, format.bit_rate());
        return new AudioHeader(
                format.iformat().name().getString(),
                avcodec_get_name(parameters.codec_id()).getString(),
                decoder.sample_rate(),
                decoder.ch_layout().nb_channels(),
                bitrate,
                duration,
                duration > 0 && format.duration_estimation_method() == AVFMT_DURATION_FROM_BITRATE);
    }

    private long streamDurationMs() {
        if (stream.duration() <= 0 || stream.time_base().den() <= 0) {
            return 0;
        }
        return stream.duration()
                * 1000L
                * stream.time_base().num()
                / stream.time_base().den();
    }

    /**
     * Decodes from {@code startMs} for at most {@code lengthMs} (null: to the end), resampled to
     * {@code sampleFormat} at {@code rate} Hz with {@code channels} channels (0: the source's own layout), into
     * {@code sink}. Damaged packets are skipped, as players do; a demuxer error ends the audio there.
     *
     * @param demuxRest after the sink stops, read the remaining packets (without decoding) to find where they end
     */
    Pass decode(int sampleFormat, int rate, int channels, long startMs, Long lengthMs, boolean demuxRest, Sink sink)
            throws IOException {
        return decodeSamples(
                sampleFormat,
                rate,
                channels,
                startMs * rate / 1000,
                lengthMs == null ? Long.MAX_VALUE : lengthMs * rate / 1000,
                demuxRest,
                sink);
    }

    /**
     * {@link #decode}, from sample {@code start} of the output for {@code length} samples ({@link Long#MAX_VALUE}: to
     * the end). A start past 0 is sought 80 ms early (the pre-roll a decoder needs to converge, as Opus asks) and
     * placed to the sample by the decoded frames' timestamps, so parts decoded apart line up with a whole decode.
     */
    Pass decodeSamples(int sampleFormat, int rate, int channels, long start, long length, boolean demuxRest, Sink sink)
            throws IOException {
        return decodeSamples(sampleFormat, rate, channels, start, length, demuxRest, true, sink);
    }

    /**
     * Whether a seek lands to the sample, as measured against a decode from the start: Ogg (granule positions) and MP3.
     * Matroska counts milliseconds and shifts Opus by its 6.5 ms pre-skip; after a seek in an MP4, FFmpeg's AAC frames
     * are no longer trimmed by the edit list.
     */
    boolean seeksToTheSample(int rate) {
        String demuxer = format.iformat().name().getString();
        return (demuxer.equals("ogg") || demuxer.equals("mp3"))
                && (long) stream.time_base().den()
                        >= (long) rate * stream.time_base().num();
    }

    /** {@link #decodeSamples}; with {@code seek} false, decoded from the start (to the sample whatever the format). */
    Pass decodeSamples(
            int sampleFormat,
            int rate,
            int channels,
            long start,
            long length,
            boolean demuxRest,
            boolean seek,
            Sink sink)
            throws IOException {
        return decodeSamples(sampleFormat, rate, channels, start, length, demuxRest, seek, null, sink);
    }

    /**
     * {@link #decodeSamples}, each packet with a timestamp first put to {@code gate} (null: all handed on). Packets of
     * the pre-roll count neither as read nor as damaged; samples are counted from the first packet handed on.
     */
    Pass decodeSamples(
            int sampleFormat,
            int rate,
            int channels,
            long start,
            long length,
            boolean demuxRest,
            boolean seek,
            Gate gate,
            Sink sink)
            throws IOException {
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        AVFrame out = av_frame_alloc();
        AVChannelLayout layout = new AVChannelLayout();
        SwrContext[] swr = {null};
        try {
            Resampled resampled = new Resampled(sink, sampleFormat, rate, channels, layout, start, length);
            if (start > 0 && seek) {
                long target = start * 1_000_000 / rate + Math.max(0, format.start_time()) - PREROLL_US;
                if (target > 0) {
                    avformat_seek_file(format, -1, Long.MIN_VALUE, target, target, 0);
                    avcodec_flush_buffers(decoder);
                    resampled.positionUnknown = true;
                }
            }
            long endPts = Long.MIN_VALUE;
            long packets = 0;
            boolean decoding = true;
            int read;
            while ((read = av_read_frame(format, packet)) >= 0) {
                try {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedIOException(action + ": interrupted");
                    }
                    if (packet.stream_index() != stream.index()) {
                        continue;
                    }
                    if (packet.pts() != AV_NOPTS_VALUE) {
                        endPts = Math.max(endPts, packet.pts() + Math.max(0, packet.duration()));
                    }
                    Verdict verdict = decoding && gate != null && packet.pts() != AV_NOPTS_VALUE
                            ? gate.at(packet.pts())
                            : Verdict.HAND;
                    resampled.preRoll = verdict == Verdict.PRE_ROLL;
                    if (verdict == Verdict.STOP) {
                        decoding = false;
                    }
                    if (!resampled.preRoll) {
                        packets++;
                        if ((packet.flags() & AV_PKT_FLAG_CORRUPT) != 0) {
                            resampled.damaged++;
                        }
                    }
                    if (!decoding) {
                        if (!demuxRest) {
                            break;
                        }
                        continue;
                    }
                    if (avcodec_send_packet(decoder, packet) < 0) {
                        resampled.damaged += resampled.preRoll ? 0 : 1;
                        continue; // a damaged packet: skipped, as players do
                    }
                    decoding = drain(frame, out, swr, resampled);
                } finally {
                    av_packet_unref(packet);
                }
                if (!decoding && !demuxRest) {
                    break;
                }
            }
            if (read == AVERROR_EIO) {
                throw new IOException(action + ": the store failed while the source was read");
            }
            boolean demuxError = read < 0 && read != AVERROR_EOF() && (decoding || demuxRest);
            if (decoding) {
                avcodec_send_packet(decoder, null);
                if (drain(frame, out, swr, resampled) && swr[0] != null) {
                    resampled.flush(out, swr[0]);
                }
            }
            return new Pass(resampled.handed, endMs(endPts), !decoding, packets, resampled.damaged, demuxError);
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            av_frame_free(out);
            av_channel_layout_uninit(layout);
            layout.close();
            if (swr[0] != null) {
                swr_free(swr[0]);
            }
        }
    }

    private long endMs(long endPts) {
        if (endPts == Long.MIN_VALUE || stream.time_base().den() <= 0) {
            return 0;
        }
        long start = stream.start_time() != AV_NOPTS_VALUE ? stream.start_time() : 0;
        return Math.max(
                0,
                (endPts - start)
                        * 1000L
                        * stream.time_base().num()
                        / stream.time_base().den());
    }

    /** Hands every decoded frame on; false when the sink is done. */
    private boolean drain(AVFrame frame, AVFrame out, SwrContext[] swr, Resampled resampled) throws IOException {
        int received;
        while ((received = avcodec_receive_frame(decoder, frame)) >= 0) {
            try {
                if (frame.nb_samples() <= 0) {
                    continue;
                }
                if (frame.ch_layout().order() == AV_CHANNEL_ORDER_UNSPEC) {
                    int n = frame.ch_layout().nb_channels();
                    av_channel_layout_uninit(frame.ch_layout());
                    av_channel_layout_default(frame.ch_layout(), Math.max(1, n));
                }
                if (resampled.positionUnknown) {
                    resampled.placeAt(framePosition(frame, resampled.rate));
                }
                if (swr[0] == null && resampled.passesThrough(frame)) {
                    // already in the format, rate and layout asked for (Opus to AAC, or to peaks): no copy
                    if (!resampled.hand(frame)) {
                        return false;
                    }
                    continue;
                }
                resampled.prepare(out, frame);
                if (swr[0] == null) {
                    swr[0] = swr_alloc();
                    if (swr_config_frame(swr[0], out, frame) < 0 || swr_init(swr[0]) < 0) {
                        throw ApiException.badRequest(action + ": the audio's sample layout cannot be converted");
                    }
                }
                int converted = swr_convert_frame(swr[0], out, frame);
                if (converted < 0) {
                    // the stream changed its layout or rate mid-way: start a new conversion from here
                    av_frame_unref(out);
                    resampled.prepare(out, frame);
                    if (swr_config_frame(swr[0], out, frame) < 0
                            || swr_init(swr[0]) < 0
                            || swr_convert_frame(swr[0], out, frame) < 0) {
                        throw ApiException.badRequest(action + ": the audio cannot be converted");
                    }
                }
                if (!resampled.hand(out)) {
                    return false;
                }
            } finally {
                av_frame_unref(frame);
            }
        }
        if (received != AVERROR_EAGAIN && received != AVERROR_EOF() && !resampled.preRoll) {
            resampled.damaged++;
        }
        return true;
    }

    /** Where a decoded {@code frame} starts, in samples at {@code rate} from the stream's start; -1 without a time. */
    long position(AVFrame frame, int rate) {
        long pts = frame.best_effort_timestamp() != AV_NOPTS_VALUE ? frame.best_effort_timestamp() : frame.pts();
        return pts == AV_NOPTS_VALUE ? -1 : framePosition(frame, rate);
    }

    /** The audio stream's timestamp {@code ms} from its start. */
    long ptsAt(long ms) {
        long start = stream.start_time() != AV_NOPTS_VALUE ? stream.start_time() : 0;
        return start
                + ms * stream.time_base().den() / (1000L * stream.time_base().num());
    }

    /** Seeks to 80 ms (the pre-roll) before the audio stream's timestamp {@code pts}; the decoder starts afresh. */
    void seekBefore(long pts) {
        long start = stream.start_time() != AV_NOPTS_VALUE ? stream.start_time() : 0;
        long us = (pts - start)
                * 1_000_000L
                * stream.time_base().num()
                / stream.time_base().den();
        long target = us + Math.max(0, format.start_time()) - PREROLL_US;
        avformat_seek_file(format, -1, Long.MIN_VALUE, Math.max(0, target), Math.max(0, target), 0);
        avcodec_flush_buffers(decoder);
    }

    /** The sample format the decoder puts out (an {@code AV_SAMPLE_FMT_*}). */
    int decoderFormat() {
        return decoder.sample_fmt();
    }

    /** Where {@code frame} starts, in samples at {@code rate} from the stream's start. */
    private long framePosition(AVFrame frame, int rate) {
        long pts = frame.best_effort_timestamp() != AV_NOPTS_VALUE ? frame.best_effort_timestamp() : frame.pts();
        if (pts == AV_NOPTS_VALUE) {
            return 0;
        }
        long start = stream.start_time() != AV_NOPTS_VALUE ? stream.start_time() : 0;
        return Math.floorDiv((pts - start) * rate * stream.time_base().num(), (long)
                stream.time_base().den());
    }

    /** The resampled side of a pass: the output frame's settings, the position, trimming to [start, start+length). */
    private static final class Resampled {
        private final Sink sink;
        private final int sampleFormat;
        private final int rate;
        private final int channels;
        private final AVChannelLayout layout;
        private final long start;
        private final long length;
        private long position;
        private long handed;
        private long damaged;
        private boolean positionUnknown;
        private boolean preRoll;

        Resampled(
                Sink sink, int sampleFormat, int rate, int channels, AVChannelLayout layout, long start, long length) {
            this.sink = sink;
            this.sampleFormat = sampleFormat;
            this.rate = rate;
            this.channels = channels;
            this.layout = layout;
            this.start = start;
            this.length = length;
        }

        void placeAt(long sample) {
            position = Math.max(0, sample);
            positionUnknown = false;
        }

        /** Whether {@code in} is already in the output's format, rate and layout. */
        boolean passesThrough(AVFrame in) {
            initLayout(in);
            return in.format() == sampleFormat
                    && in.sample_rate() == rate
                    && av_channel_layout_compare(in.ch_layout(), layout) == 0;
        }

        private void initLayout(AVFrame in) {
            if (layout.nb_channels() == 0) {
                if (channels == 0) {
                    av_channel_layout_copy(layout, in.ch_layout());
                } else {
                    av_channel_layout_default(layout, channels);
                }
            }
        }

        void prepare(AVFrame out, AVFrame in) {
            initLayout(in);
            av_frame_unref(out);
            out.format(sampleFormat);
            out.sample_rate(rate);
            av_channel_layout_copy(out.ch_layout(), layout);
        }

        /** Passes the samples of {@code out} inside the window on; false when the window (or the sink) is done. */
        boolean hand(AVFrame out) throws IOException {
            if (preRoll) {
                return true;
            }
            int n = out.nb_samples();
            long from = Math.max(0, start - position);
            long windowEnd = length > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + length; // "to the end"
            long end = Math.min(n, windowEnd - position);
            position += n;
            if (from >= n) {
                return true;
            }
            if (end <= from) {
                return false;
            }
            handed += end - from;
            boolean more = sink.accept(out, (int) from, (int) (end - from));
            return more && handed < length;
        }

        void flush(AVFrame out, SwrContext swr) throws IOException {
            av_frame_unref(out);
            out.format(sampleFormat);
            out.sample_rate(rate);
            av_channel_layout_copy(out.ch_layout(), layout);
            out.nb_samples(4096);
            if (av_frame_get_buffer(out, 0) < 0) {
                return;
            }
            if (swr_convert_frame(swr, out, null) >= 0 && out.nb_samples() > 0) {
                hand(out);
            }
        }
    }

    @Override
    public void close() {
        if (decoder != null) {
            avcodec_free_context(decoder);
            decoder = null;
        }
        avformat_close_input(format);
        if (!format.isNull()) {
            avformat_free_context(format);
        }
        FfmpegReads.free(ioKey, io);
    }
}
