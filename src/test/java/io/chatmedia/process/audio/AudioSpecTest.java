package io.chatmedia.process.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.system.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The audio/convert and audio/waveform grammar: query in, canonical spec or 400 out; defaults per source. */
class AudioSpecTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "audio/convert | audio/convert,f_m4a,ar_auto,ac_auto,ab_auto,ss_0,t_all",
                "audio/convert,f_m4a | audio/convert,f_m4a,ar_auto,ac_auto,ab_auto,ss_0,t_all",
                "audio/convert,t_500,f_MP3,aq_80 | audio/convert,f_mp3,ar_auto,ac_auto,aq_80,ss_0,t_500",
                "audio/convert,f_ogg,ar_16000,ac_2,ab_24000,ss_1000 | audio/convert,f_ogg,ar_16000,ac_2,ab_24000,ss_1000,t_all",
                "audio/convert,f_amr,ab_7950 | audio/convert,f_amr,ar_auto,ac_auto,ab_7950,ss_0,t_all",
            })
    void printsCanonically(String process, String canonical) {
        assertThat(convert(process).canonical()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "audio/convert,f_exe | audio/convert: f must be one of m4a, aac, mp3, ogg, opus, wav, flac, amr (got 'exe')",
                "audio/convert,ar_7 | audio/convert: ar must be an integer in [8000,96000] Hz (got 7)",
                "audio/convert,ac_9 | audio/convert: ac must be an integer in [1,2] (got 9)",
                "audio/convert,ab_0 | audio/convert: ab must be an integer in [4750,320000] bps (got 0)",
                "audio/convert,ss_-1 | audio/convert: ss must be an integer >= 0 (ms) (got -1)",
                "audio/convert,t_0 | audio/convert: t must be an integer >= 1 (ms) (got 0)",
                "audio/convert,ss_abc | audio/convert: ss must be an integer >= 0 (ms) (got abc)",
                "audio/convert,ab_5000 | audio/convert: ab must be an integer in [6000,320000] bps (got 5000)",
                "audio/convert,f_amr,ab_8000 | audio/convert: ab must be one of 4750, 5150, 5900, 6700, 7400, 7950, 10200, 12200 for amr (got 8000)",
                "audio/convert,f_flac,ab_64000 | audio/convert: ab does not apply to flac (lossless)",
                "audio/convert,f_m4a,aq_50 | audio/convert: aq applies to mp3 only; use ab for m4a",
                "audio/convert,ab_64000,aq_50 | audio/convert: ab and aq cannot both be given",
                "audio/convert,f_opus,ar_44100 | audio/convert: ar 44100 cannot be encoded as opus (rates: 8000, 12000, 16000, 24000, 48000)",
            })
    void refusesBadValuesNamingTheParameter(String process, String message) {
        assertThatThrownBy(() -> convert(process))
                .isInstanceOf(ApiException.class)
                .hasMessage(message);
    }

    @Test
    void voiceLikeSourcesBecomeMono64kAtTheirOwnRate() {
        ConvertSpec spec = convert("audio/convert");
        assertThat(spec.target(44_100, 2)).isEqualTo(new ConvertSpec.Target(AudioFormat.M4A, 44_100, 1, 64_000, null));
        assertThat(spec.target(24_000, 1)).isEqualTo(new ConvertSpec.Target(AudioFormat.M4A, 24_000, 1, 64_000, null));
        assertThat(spec.target(96_000, 6)).isEqualTo(new ConvertSpec.Target(AudioFormat.M4A, 48_000, 2, 128_000, null));
        assertThat(convert("audio/convert,f_ogg").target(44_100, 1).rate()).isEqualTo(48_000);
        assertThat(convert("audio/convert,f_amr").target(48_000, 2))
                .isEqualTo(new ConvertSpec.Target(AudioFormat.AMR, 8000, 1, 12_200, null));
    }

    @ParameterizedTest
    @CsvSource({
        "m4a, 8000, 24000",
        "m4a, 16000, 32000",
        "m4a, 11025, 22050",
        "m4a, 22050, 22050",
        "aac, 8000, 48000",
        "aac, 16000, 48000",
        "aac, 22050, 44100",
        "aac, 32000, 44100",
        "aac, 44100, 44100",
        "mp3, 8000, 48000",
        "mp3, 12000, 48000",
        "mp3, 48000, 48000",
        "opus, 8000, 8000",
        "wav, 8000, 8000",
        "flac, 16000, 16000",
    })
    void narrowbandSourcesAreEncodedWhereFramesAreShortUnlessARateIsAsked(String f, int source, int rate) {
        assertThat(convert("audio/convert,f_" + f).target(source, 1).rate()).isEqualTo(rate);
        assertThat(convert("audio/convert,f_" + f + ",ar_" + source)
                        .target(source, 1)
                        .rate())
                .isEqualTo(source);
    }

    @Test
    void waveformTakesThirtyToAThousandBuckets() {
        assertThat(WaveformSpec.of(ProcessParser.parse("audio/waveform").onlyAction())
                        .buckets())
                .isEqualTo(100);
        assertThat(WaveformSpec.of(ProcessParser.parse("audio/waveform,n_1000").onlyAction())
                        .canonical())
                .isEqualTo("audio/waveform,n_1000");
        assertThatThrownBy(() -> WaveformSpec.of(
                        ProcessParser.parse("audio/waveform,n_29").onlyAction()))
                .hasMessage("audio/waveform: n must be an integer in [30,1000] (got 29)");
    }

    @Test
    void peaksFollowTheSignalInBoundedMemory() {
        Peaks peaks = new Peaks();
        float[] chunk = new float[48_000];
        for (int second = 0; second < 600; second++) { // 10 minutes: blocks merge many times
            java.util.Arrays.fill(chunk, second < 300 ? 0.5f : 0.25f);
            peaks.add(chunk, 0, chunk.length);
        }
        int[] buckets = peaks.buckets(100);
        assertThat(buckets[0]).isEqualTo(1024);
        assertThat(buckets[49]).isEqualTo(1024);
        assertThat(buckets[50]).isEqualTo(512);
        assertThat(buckets[99]).isEqualTo(512);
        assertThat(new Peaks().buckets(30)).containsOnly(0);
    }

    private static ConvertSpec convert(String process) {
        return ConvertSpec.of(ProcessParser.parse(process).onlyAction());
    }
}
