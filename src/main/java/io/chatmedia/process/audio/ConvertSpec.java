package io.chatmedia.process.audio;

import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/**
 * {@code audio/convert}: OSS's parameters where they exist. {@code f} the format (default m4a); {@code ar} the
 * sample rate, {@code ac} channels (1 or 2), {@code ab} bitrate in bps or {@code aq} quality (mp3's VBR scale, 0–100)
 * — each null for "from the source" (a voice-like source, at most 2 channels and 48 kHz, becomes mono at the
 * format's voice bitrate, 64 kbps AAC); {@code ss} start and {@code t} length in ms.
 */
record ConvertSpec(
        AudioFormat format,
        Integer rate,
        Integer channels,
        Integer bitrate,
        Integer quality,
        long startMs,
        Long lengthMs) {

    private static final Set<String> KNOWN = Set.of("f", "ar", "ac", "ab", "aq", "ss", "t");
    private static final Set<Integer> AMR_BITRATES = Set.of(4750, 5150, 5900, 6700, 7400, 7950, 10200, 12200);

    /** The conversion a voice bubble plays: m4a with every default. */
    static final ConvertSpec PLAY = new ConvertSpec(AudioFormat.M4A, null, null, null, null, 0, null);

    static ConvertSpec of(ProcessAction action) {
        AudioParams params = AudioParams.of(action, KNOWN);
        String name = params.text("f");
        AudioFormat format = name == null ? AudioFormat.M4A : AudioFormat.of(name);
        if (format == null) {
            throw params.fail("f must be one of " + AudioFormat.names() + " (got '" + AudioParams.shorten(name) + "')");
        }
        Long rate = params.integer("ar", AudioFormat.MIN_RATE, AudioFormat.MAX_RATE, " Hz");
        if (rate != null && !format.encodes(rate.intValue())) {
            throw params.fail("ar " + rate + " cannot be encoded as " + format.extension() + " (rates: "
                    + format.rateList() + ")");
        }
        Long channels = params.integer("ac", 1, 2, "");
        if (channels != null && channels != 1 && format.fixedVoice()) {
            throw params.fail("ac must be 1 for amr (AMR-NB is mono)");
        }
        if (params.has("ab") && params.has("aq")) {
            throw params.fail("ab and aq cannot both be given");
        }
        Long bitrate = params.integer("ab", 4750, 320_000, " bps");
        if (bitrate != null && !format.lossy()) {
            throw params.fail("ab does not apply to " + format.extension() + " (lossless)");
        }
        if (bitrate != null && format.fixedVoice() && !AMR_BITRATES.contains(bitrate.intValue())) {
            throw params.fail(
                    "ab must be one of 4750, 5150, 5900, 6700, 7400, 7950, 10200, 12200 for amr (got " + bitrate + ")");
        }
        if (bitrate != null && bitrate < 6000 && !format.fixedVoice()) {
            throw params.fail("ab must be an integer in [6000,320000] bps (got " + bitrate + ")");
        }
        Long quality = params.integer("aq", 0, 100, "");
        if (quality != null && format != AudioFormat.MP3) {
            throw params.fail("aq applies to mp3 only; use ab for " + format.extension());
        }
        Long start = params.integer("ss", 0, Long.MAX_VALUE / 1000, " (ms)");
        Long length = params.integer("t", 1, Long.MAX_VALUE / 1000, " (ms)");
        return new ConvertSpec(
                format,
                rate == null ? null : rate.intValue(),
                channels == null ? null : channels.intValue(),
                bitrate == null ? null : bitrate.intValue(),
                quality == null ? null : quality.intValue(),
                start == null ? 0 : start,
                length);
    }

    /** Every parameter, defaults spelled out ({@code auto}: decided from the source): the result's key. */
    String canonical() {
        return "audio/convert,f_" + format.extension()
                + ",ar_" + (rate == null ? "auto" : rate)
                + ",ac_" + (channels == null ? "auto" : channels)
                + (quality != null ? ",aq_" + quality : ",ab_" + (bitrate == null ? "auto" : bitrate))
                + ",ss_" + startMs
                + ",t_" + (lengthMs == null ? "all" : lengthMs);
    }

    /** What to encode for a source of {@code sourceRate} Hz and {@code sourceChannels} channels. */
    Target target(int sourceRate, int sourceChannels) {
        boolean voiceLike = sourceChannels <= 2 && sourceRate <= 48_000;
        int outChannels = format.fixedVoice() ? 1 : channels != null ? channels : voiceLike ? 1 : 2;
        int outRate = rate != null ? rate : format.rateFor(sourceRate);
        int outBitrate = bitrate != null ? bitrate : format.defaultBitrate(voiceLike);
        return new Target(format, outRate, outChannels, outBitrate, quality);
    }

    /** The encoder's settings for one source. */
    record Target(AudioFormat format, int rate, int channels, int bitrate, Integer quality) {}
}
