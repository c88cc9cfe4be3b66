package io.chatmedia.process.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The formats {@code audio/convert} writes: the muxer and encoder (all in the FFmpeg natives ChatMedia ships), the
 * sample format the encoder takes, the rates it can encode (empty: any in [8000, 96000]), and the defaults.
 */
enum AudioFormat {
    M4A("m4a", "ipod", "aac", AV_SAMPLE_FMT_FLTP, "audio/mp4", AacRates.RATES, 22_050, 64_000, 128_000),
    AAC("aac", "adts", "aac", AV_SAMPLE_FMT_FLTP, "audio/aac", AacRates.RATES, 44_100, 64_000, 128_000),
    MP3(
            "mp3",
            "mp3",
            "libmp3lame",
            AV_SAMPLE_FMT_FLTP,
            "audio/mpeg",
            new int[] {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000},
            44_100,
            64_000,
            128_000),
    OGG("ogg", "ogg", "libopus", AV_SAMPLE_FMT_FLT, "audio/ogg", OpusRates.RATES, 0, 32_000, 96_000),
    OPUS("opus", "opus", "libopus", AV_SAMPLE_FMT_FLT, "audio/ogg", OpusRates.RATES, 0, 32_000, 96_000),
    WAV("wav", "wav", "pcm_s16le", AV_SAMPLE_FMT_S16, "audio/wav", new int[0], 0, 0, 0),
    FLAC("flac", "flac", "flac", AV_SAMPLE_FMT_S16, "audio/flac", new int[0], 0, 0, 0),
    AMR("amr", "amr", "libopencore_amrnb", AV_SAMPLE_FMT_S16, "audio/amr", new int[] {8000}, 0, 12_200, 12_200);

    /** The lowest and highest rates asked for at all. */
    static final int MIN_RATE = 8000;

    static final int MAX_RATE = 96_000;

    private final String extension;
    private final String muxer;
    private final String encoder;
    private final int sampleFormat;
    private final String contentType;
    private final int[] rates;
    private final int lowestDefaultRate;
    private final int voiceBitrate;
    private final int musicBitrate;

    AudioFormat(
            String extension,
            String muxer,
            String encoder,
            int sampleFormat,
            String contentType,
            int[] rates,
            int lowestDefaultRate,
            int voiceBitrate,
            int musicBitrate) {
        this.extension = extension;
        this.muxer = muxer;
        this.encoder = encoder;
        this.sampleFormat = sampleFormat;
        this.contentType = contentType;
        this.rates = rates;
        this.lowestDefaultRate = lowestDefaultRate;
        this.voiceBitrate = voiceBitrate;
        this.musicBitrate = musicBitrate;
    }

    static AudioFormat of(String name) {
        for (AudioFormat format : values()) {
            if (format.extension.equals(name.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        return null;
    }

    static String names() {
        return Arrays.stream(values()).map(AudioFormat::extension).collect(Collectors.joining(", "));
    }

    String extension() {
        return extension;
    }

    String muxer() {
        return muxer;
    }

    String encoder() {
        return encoder;
    }

    int sampleFormat() {
        return sampleFormat;
    }

    String contentType() {
        return contentType;
    }

    /** Whether the format has a bitrate to choose (PCM and FLAC do not). */
    boolean lossy() {
        return voiceBitrate > 0;
    }

    /** AMR-NB is 8 kHz mono at one of eight bitrates. */
    boolean fixedVoice() {
        return this == AMR;
    }

    boolean encodes(int rate) {
        return rates.length == 0 || Arrays.stream(rates).anyMatch(r -> r == rate);
    }

    String rateList() {
        return Arrays.stream(rates).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }

    /**
     * The source's rate when the encoder takes it, else the next one up (the highest at most). A source below the
     * format's lowest default rate is encoded at a multiple of its rate (at most 48 kHz) at or above it, else at the
     * next listed rate: an encoder's delay and padding are whole frames, and where the container cannot trim them (ADTS
     * has no field for it; FFmpeg's decoders ignore the end of an MP4 edit list and count an MP3's delay in its
     * duration), a frame at 8 kHz (1024 samples: 128 ms) would put the result's length more than 50 ms off the source's.
     */
    int rateFor(int sourceRate) {
        if (rates.length == 0) {
            return Math.max(MIN_RATE, Math.min(sourceRate > 0 ? sourceRate : 48_000, MAX_RATE));
        }
        int wanted = sourceRate > 0 ? Math.min(sourceRate, 48_000) : 48_000;
        if (wanted < lowestDefaultRate) {
            for (int multiple = wanted * 2; multiple <= 48_000; multiple += wanted) {
                if (multiple >= lowestDefaultRate && encodes(multiple)) {
                    return multiple;
                }
            }
            wanted = lowestDefaultRate;
        }
        for (int rate : rates) {
            if (rate >= wanted) {
                return rate;
            }
        }
        return rates[rates.length - 1];
    }

    int defaultBitrate(boolean voiceLike) {
        return voiceLike ? voiceBitrate : musicBitrate;
    }

    /** Rates shared by AAC's sampling-frequency table. */
    private static final class AacRates {
        static final int[] RATES = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000};
    }

    /** Opus encodes at these rates only. */
    private static final class OpusRates {
        static final int[] RATES = {8000, 12000, 16000, 24000, 48000};
    }
}
