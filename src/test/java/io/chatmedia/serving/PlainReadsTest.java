package io.chatmedia.serving;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlainReadsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "null, true",
                "'', true",
                "v=2, true",
                "v=2&download=1, true",
                "'x-oss-process=image/resize,w_100', false",
                "'v=1&x-oss-process=video/snapshot,t_0', false",
                "x-oss-process, false",
                "x%2Doss-process=image/info, false",
                "v=%zz, false",
                "x-oss-processing=1, true",
            })
    void aQueryIsPlainOnlyWhenItCertainlyAsksForNoProcessing(String query, boolean plain) {
        assertThat(PlainReads.hasNoProcessing(query)).isEqualTo(plain);
    }
}
