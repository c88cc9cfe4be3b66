package io.chatmedia.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chatmedia.storage.ByteRange;

/** Any Range header on any size: an outcome, never an exception, and every range inside the object. */
class RangeRequestFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parsesAnyHeaderIntoRangesInsideTheObject(FuzzedDataProvider data) {
        long size = data.consumeLong(0, Long.MAX_VALUE / 2);
        RangeRequest request = RangeRequest.parse(data.consumeRemainingAsString(), size);
        assertThat(request).isNotNull();
        for (ByteRange range : request.ranges()) {
            assertThat(range.offset()).isBetween(0L, size - 1);
            assertThat(range.length()).isBetween(1L, size - range.offset());
        }
    }
}
