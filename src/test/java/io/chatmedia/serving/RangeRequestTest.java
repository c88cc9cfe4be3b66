package io.chatmedia.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.storage.ByteRange;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeRequestTest {

    private static final long SIZE = 1000;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "bytes=0-99;        0-99",
                "bytes=0-0;         0-0",
                "bytes=900-;        900-999",
                "bytes=-100;        900-999",
                "bytes=-5000;       0-999",
                "bytes=990-5000;    990-999",
                "BYTES = 1-2;       1-2",
                "bytes=0-9, 20-29;  0-9 20-29",
                "bytes=20-29,0-9;   20-29 0-9",
                "bytes=0-9,5-19;    0-19",
                "bytes=0-9,10-19;   0-19",
                "bytes=0-9,,20-29;  0-9 20-29",
                "bytes=0-9,2000-;   0-9",
            })
    void resolvesSatisfiableRanges(String header, String expected) {
        RangeRequest request = RangeRequest.parse(header, SIZE);
        assertThat(request.outcome()).isEqualTo(RangeRequest.Outcome.PARTIAL);
        assertThat(request.ranges()).isEqualTo(ranges(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=999999999-", "bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=5000-,6000-7000"})
    void reportsUnsatisfiableRanges(String header) {
        assertThat(RangeRequest.parse(header, SIZE).outcome()).isEqualTo(RangeRequest.Outcome.UNSATISFIABLE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "bytes",
                "bytes=",
                "bytes=abc",
                "bytes=10-5",
                "bytes=--5",
                "bytes=1-2-3",
                "items=0-5",
                "bytes=0x10-20",
                "bytes=+5-9",
                "bytes= , ",
                "bytes=1.5-2"
            })
    void ignoresMalformedHeaders(String header) {
        assertThat(RangeRequest.parse(header, SIZE).outcome()).isEqualTo(RangeRequest.Outcome.IGNORED);
    }

    @Test
    void ignoresTooManyRanges() {
        StringBuilder header = new StringBuilder("bytes=");
        for (int i = 0; i <= RangeRequest.MAX_RANGES; i++) {
            header.append(i * 10).append('-').append(i * 10 + 1).append(',');
        }
        assertThat(RangeRequest.parse(header.toString(), SIZE).outcome()).isEqualTo(RangeRequest.Outcome.IGNORED);
    }

    @Test
    void treatsHugeNumbersAsPastTheEnd() {
        assertThat(RangeRequest.parse("bytes=99999999999999999999999-", SIZE).outcome())
                .isEqualTo(RangeRequest.Outcome.UNSATISFIABLE);
        assertThat(RangeRequest.parse("bytes=0-99999999999999999999999", SIZE).ranges())
                .containsExactly(ByteRange.closed(0, 999));
    }

    @Test
    void findsNothingSatisfiableInAnEmptyObject() {
        assertThat(RangeRequest.parse("bytes=0-", 0).outcome()).isEqualTo(RangeRequest.Outcome.UNSATISFIABLE);
        assertThat(RangeRequest.parse("bytes=-1", 0).outcome()).isEqualTo(RangeRequest.Outcome.UNSATISFIABLE);
    }

    private static List<ByteRange> ranges(String spec) {
        return Arrays.stream(spec.trim().split(" "))
                .map(part -> {
                    String[] bounds = part.split("-");
                    return ByteRange.closed(Long.parseLong(bounds[0]), Long.parseLong(bounds[1]));
                })
                .toList();
    }
}
