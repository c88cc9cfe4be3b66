package io.chatmedia.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chatmedia.process.image.spec.ImageSpec;
import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.process.spec.ProcessRequest;
import io.chatmedia.system.ApiException;

/**
 * Any {@code x-oss-process} value through the tokenizer and every image action's parser: a spec whose canonical string
 * parses to itself, or a 4xx naming the problem; never another failure.
 */
class ProcessSpecFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsesOrRefusesWithA4xx(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        try {
            ProcessRequest request = ProcessParser.parse(value);
            if (request.kind().equals("image")) {
                ImageSpec spec = ImageSpec.parse(request);
                String canonical = spec.canonical();
                assertThat(ImageSpec.parse(ProcessParser.parse(canonical)).canonical())
                        .as("the canonical form of %s", value)
                        .isEqualTo(canonical);
            }
        } catch (ApiException e) {
            assertThat(e.status().is4xxClientError()).as(e.getMessage()).isTrue();
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
