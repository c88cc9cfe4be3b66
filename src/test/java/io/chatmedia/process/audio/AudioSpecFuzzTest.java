package io.chatmedia.process.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chatmedia.process.spec.ProcessAction;
import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.system.ApiException;

/**
 * Any {@code audio/convert} or {@code audio/waveform} parameters: a spec whose encoder settings for any source are
 * ones its format can encode, or a 4xx naming the problem; never another failure.
 */
class AudioSpecFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsesOrRefusesWithA4xx(FuzzedDataProvider data) {
        boolean convert = data.consumeBoolean();
        int sourceRate = data.consumeInt(1, 384_000);
        int sourceChannels = data.consumeInt(1, 64);
        String value = (convert ? "audio/convert," : "audio/waveform,") + data.consumeRemainingAsString();
        try {
            ProcessAction action = ProcessParser.parse(value).onlyAction();
            if (convert) {
                ConvertSpec spec = ConvertSpec.of(action);
                ConvertSpec.Target target = spec.target(sourceRate, sourceChannels);
                assertThat(target.format().encodes(target.rate()))
                        .as("%s for %d Hz gives %d Hz", value, sourceRate, target.rate())
                        .isTrue();
                assertThat(target.rate()).isBetween(AudioFormat.MIN_RATE, AudioFormat.MAX_RATE);
                assertThat(target.channels()).isBetween(1, 2);
                assertThat(spec.startMs()).isNotNegative();
                assertThat(spec.canonical()).startsWith("audio/convert,f_");
            } else {
                assertThat(WaveformSpec.of(action).buckets()).isBetween(30, 1000);
            }
        } catch (ApiException e) {
            assertThat(e.status().is4xxClientError()).as(e.getMessage()).isTrue();
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
