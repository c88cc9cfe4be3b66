package io.chatmedia.process.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.system.ApiException;

/**
 * Any {@code video/snapshot} parameters: a spec whose canonical string parses to itself and whose output size fits
 * inside any source it is allowed for, or a 4xx naming the problem; never another failure.
 */
class SnapshotSpecFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsesOrRefusesWithA4xx(FuzzedDataProvider data) {
        int sourceWidth = data.consumeInt(1, 8192);
        int sourceHeight = data.consumeInt(1, 8192);
        String value = "video/snapshot," + data.consumeRemainingAsString();
        try {
            SnapshotSpec spec = SnapshotSpec.of(ProcessParser.parse(value).onlyAction());
            String canonical = spec.canonical();
            assertThat(SnapshotSpec.of(ProcessParser.parse(canonical).onlyAction())
                            .canonical())
                    .as("the canonical form of %s", value)
                    .isEqualTo(canonical);
            assertThat(spec.timeMs()).isNotNegative();
            int[] size = spec.outputSize(sourceWidth, sourceHeight);
            assertThat(size[0]).isBetween(1, Math.max(sourceWidth, spec.width()));
            assertThat(size[1]).isBetween(1, Math.max(sourceHeight, spec.height()));
        } catch (ApiException e) {
            assertThat(e.status().is4xxClientError()).as(e.getMessage()).isTrue();
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
