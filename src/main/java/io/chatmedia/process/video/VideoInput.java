package io.chatmedia.process.video;

import static org.bytedeco.ffmpeg.avformat.AVFormatContext.AVFMT_FLAG_CUSTOM_IO;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_NONE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;

import io.chatmedia.system.ApiException;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One stored video opened by FFmpeg's demuxer through {@link FfmpegReads}, from its container header alone (no stream is
 * decoded to open it, no decoder is opened): what it holds ({@link #header()}) and the one video stream a cover is
 * decoded from, every other stream discarded so the demuxer does not even read their packets. {@link #close()} frees
 * every native object.
 */
final class VideoInput implements AutoCloseable {

    /** FFmpeg reads still images as one-frame "videos": they are not videos. */
    private static final Pattern IMAGE_DEMUXERS = Pattern.compile(".*_pipe|image2.*");

    private static final String UNREADABLE = "the file is not a video or audio file that can be read";

    private final RangedBlobInputStream source;
    private final AVFormatContext format;
    private final AVIOContext io;
    private final long ioKey;
    private final int videoIndex;

    private VideoInput(RangedBlobInputStream source, AVFormatContext format, AVIOContext io, long ioKey) {
        this.source = source;
        this.format = format;
        this.io = io;
        this.ioKey = ioKey;
        this.videoIndex = pictureStream(format);
    }

    /**
     * Opens {@code source} from its start, reading its container header.
     *
     * @throws ApiException 400 when FFmpeg does not recognise the container, it holds neither video nor audio, no
     *                      decoder ships for its video or audio, or it is a still image
     */
    static VideoInput open(RangedBlobInputStream source) throws java.io.IOException {
        source.reset();
        AVFormatContext format = avformat_alloc_context();
        if (format == null || format.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate a format context");
        }
        long key = format.address();
        AVIOContext io = FfmpegReads.reader(format, source);
        format.pb(io);
        format.flags(format.flags() | AVFMT_FLAG_CUSTOM_IO);
        if (avformat_open_input(format, (String) null, (AVInputFormat) null, (AVDictionary) null) < 0) {
            FfmpegReads.free(key, io); // FFmpeg freed the format context; the I/O context is ours
            throw ApiException.badRequest(UNREADABLE);
        }
        VideoInput input = new VideoInput(source, format, io, key);
        try {
            input.check();
            return input;
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }

    private void check() {
        int video = firstStream(AVMEDIA_TYPE_VIDEO);
        int audio = firstStream(AVMEDIA_TYPE_AUDIO);
        if (video < 0 && audio < 0) {
            throw ApiException.badRequest(UNREADABLE);
        }
        for (int index : new int[] {video, audio}) {
            if (index >= 0) {
                AVCodecParameters parameters = format.streams(index).codecpar();
                if (avcodec_find_decoder(parameters.codec_id()) == null) {
                    throw ApiException.badRequest(UNREADABLE);
                }
            }
        }
        if (IMAGE_DEMUXERS.matcher(formatName()).matches()) {
            throw ApiException.badRequest("the file is an image, not a video");
        }
    }

    RangedBlobInputStream source() {
        return source;
    }

    AVFormatContext format() {
        return format;
    }

    /** The stream a cover is decoded from: the first video stream that is not an attached picture; -1 if none. */
    int videoIndex() {
        return videoIndex;
    }

    /** Where the container's timeline starts, in microseconds (0 when it does not say or says less). */
    long startMicros() {
        long start = format.start_time();
        return start == AV_NOPTS_VALUE ? 0 : Math.max(0, start);
    }

    /**
     * Where the picture stream ends on the container's timeline, in microseconds: its own duration when the container
     * gives it (a picture may end before the sound), else the container's; {@link Long#MAX_VALUE} when neither is known.
     */
    long pictureEndMicros() {
        if (videoIndex >= 0) {
            AVStream stream = format.streams(videoIndex);
            AVRational base = stream.time_base();
            if (stream.duration() > 0 && stream.duration() != AV_NOPTS_VALUE && base.den() > 0) {
                long start = stream.start_time() == AV_NOPTS_VALUE ? 0 : stream.start_time();
                return (long) ((start + stream.duration()) * 1e6 * base.num() / base.den());
            }
        }
        return format.duration() > 0 ? startMicros() + format.duration() : Long.MAX_VALUE;
    }

    /** Discards every stream but the picture's: the demuxer skips their packets without reading them. */
    void discardAllButPicture() {
        for (int i = 0; i < format.nb_streams(); i++) {
            if (i != videoIndex) {
                format.streams(i).discard(AVDISCARD_ALL);
            }
        }
    }

    /**
     * Reads the first packets of each stream for what the container header left out (a picture's size), FFmpeg's
     * decoders refusing a frame larger than {@code maxPixels}.
     *
     * @throws ApiException 400 when the streams cannot be read
     */
    void findStreamInfo(long maxPixels) {
        int streams = format.nb_streams();
        PointerPointer<AVDictionary> options = new PointerPointer<>(Math.max(1, streams));
        try (BytePointer name = new BytePointer("max_pixels");
                BytePointer value = new BytePointer(Long.toString(maxPixels))) {
            for (int i = 0; i < streams; i++) {
                options.put(i, (Pointer) null); // an empty dictionary each
            }
            for (int i = 0; i < streams; i++) {
                av_dict_set(options.position(i), name, value, 0);
            }
            if (avformat_find_stream_info(format, options.position(0)) < 0) {
                throw ApiException.badRequest(UNREADABLE);
            }
        } finally {
            for (int i = 0; i < streams; i++) {
                av_dict_free(options.position(i));
            }
            options.position(0).close();
        }
    }

    /** What the container says, without decoding a frame. */
    VideoHeader header() {
        int codedWidth = 0;
        int codedHeight = 0;
        int pixelFormat = -1;
        if (videoIndex >= 0) {
            AVCodecParameters parameters = format.streams(videoIndex).codecpar();
            codedWidth = parameters.width();
            codedHeight = parameters.height();
            pixelFormat = parameters.format();
        }
        int audio = firstStream(AVMEDIA_TYPE_AUDIO);
        int channels = 0;
        int sampleRate = 0;
        if (audio >= 0) {
            AVCodecParameters parameters = format.streams(audio).codecpar();
            channels = parameters.ch_layout().nb_channels();
            sampleRate = parameters.sample_rate();
        }
        int video = firstStream(AVMEDIA_TYPE_VIDEO);
        int picture = videoIndex >= 0 ? videoIndex : video;
        long duration = format.duration() > 0 ? format.duration() / 1000 : longestStreamMs();
        return new VideoHeader(
                formatName(),
                video >= 0,
                audio >= 0,
                codecName(AVMEDIA_TYPE_VIDEO),
                codecName(AVMEDIA_TYPE_AUDIO),
                codedWidth,
                codedHeight,
                picture >= 0 ? clockwise(displayRotation(format.streams(picture))) : 0,
                duration,
                picture >= 0 ? frameRate(format.streams(picture)) : 0,
                Math.max(0, format.bit_rate()),
                channels,
                sampleRate,
                pixelFormat);
    }

    private String formatName() {
        return format.iformat().name().getString();
    }

    /** The first stream of {@code type} with a codec FFmpeg knows (attached pictures included); -1 if none. */
    private int firstStream(int type) {
        for (int i = 0; i < format.nb_streams(); i++) {
            AVCodecParameters parameters = format.streams(i).codecpar();
            if (parameters.codec_type() == type && parameters.codec_id() != AV_CODEC_ID_NONE) {
                return i;
            }
        }
        return -1;
    }

    private static int pictureStream(AVFormatContext format) {
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream stream = format.streams(i);
            if (stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO
                    && (stream.disposition() & AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The codec's own name, as ffprobe reports it ({@code av1}, {@code mp3}), not the decoder's. */
    private String codecName(int type) {
        for (int i = 0; i < format.nb_streams(); i++) {
            AVCodecParameters parameters = format.streams(i).codecpar();
            if (parameters.codec_type() == type
                    && (format.streams(i).disposition() & AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return avcodec_get_name(parameters.codec_id()).getString();
            }
        }
        return null;
    }

    /** The stream's average frame rate, else its base rate; 0 when neither is known. */
    private static double frameRate(AVStream stream) {
        AVRational rate = stream.avg_frame_rate();
        if (rate.num() == 0 && rate.den() == 0) {
            rate = stream.r_frame_rate();
        }
        return rate.den() == 0 ? 0 : (double) rate.num() / rate.den();
    }

    /** The display matrix's angle, counter-clockwise degrees; 0 without one. */
    private static double displayRotation(AVStream stream) {
        AVCodecParameters parameters = stream.codecpar();
        AVPacketSideData matrix = av_packet_side_data_get(
                parameters.coded_side_data(), parameters.nb_coded_side_data(), AV_PKT_DATA_DISPLAYMATRIX);
        if (matrix == null || matrix.isNull() || matrix.size() < 9 * 4) {
            return 0;
        }
        double angle = av_display_rotation_get(new IntPointer(matrix.data()));
        return Double.isNaN(angle) ? 0 : angle;
    }

    /** FFmpeg's display matrix angle is counter-clockwise; covers need the clockwise turn that makes them upright. */
    static int clockwise(double displayRotation) {
        long quarter = Math.round(-displayRotation / 90.0);
        return (int) (((quarter % 4) + 4) % 4) * 90;
    }

    /** Without stream info the container's own duration is not summed up: the longest stream's, from its header. */
    private long longestStreamMs() {
        long longest = 0;
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream stream = format.streams(i);
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

    @Override
    public void close() {
        if (!format.isNull()) {
            avformat_close_input(format); // leaves our I/O context alone (custom I/O) and nulls the pointer
        }
        FfmpegReads.free(ioKey, io);
    }
}
