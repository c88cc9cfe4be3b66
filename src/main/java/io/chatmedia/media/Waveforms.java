package io.chatmedia.media;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A waveform in its column: the integers separated by commas (100 of them take at most 500 characters). */
final class Waveforms {

    private Waveforms() {}

    static String format(List<Integer> waveform) {
        return waveform == null ? null : waveform.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static List<Integer> parse(String column) {
        if (column == null || column.isEmpty()) {
            return null;
        }
        return Arrays.stream(column.split(",")).map(Integer::valueOf).toList();
    }
}
