package io.chatmedia.serving;

import io.chatmedia.storage.ByteRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A {@code Range} header resolved against an object's size, per RFC 9110 §14: either ignored (absent,
 * malformed, another unit, too many parts: the full body is served), unsatisfiable (416), or one or more
 * satisfiable byte ranges. Overlapping or adjacent ranges are merged, so a client cannot make the server send
 * the same bytes many times.
 */
record RangeRequest(Outcome outcome, List<ByteRange> ranges) {

    enum Outcome {
        IGNORED,
        UNSATISFIABLE,
        PARTIAL
    }

    static final int MAX_RANGES = 32;

    private static final RangeRequest IGNORED = new RangeRequest(Outcome.IGNORED, List.of());
    private static final RangeRequest UNSATISFIABLE = new RangeRequest(Outcome.UNSATISFIABLE, List.of());

    static RangeRequest parse(String header, long size) {
        if (header == null) {
            return IGNORED;
        }
        String value = header.trim();
        int equals = value.indexOf('=');
        if (equals < 0
                || !value.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return IGNORED;
        }
        String[] specs = value.substring(equals + 1).split(",", -1);
        if (specs.length > MAX_RANGES) {
            return IGNORED;
        }
        List<ByteRange> satisfiable = new ArrayList<>();
        int parsed = 0;
        for (String raw : specs) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue; // RFC 9110 allows empty list elements
            }
            long[] bounds = bounds(spec);
            if (bounds == null) {
                return IGNORED;
            }
            parsed++;
            ByteRange range = resolve(bounds, size);
            if (range != null) {
                satisfiable.add(range);
            }
        }
        if (satisfiable.isEmpty()) {
            return parsed == 0 ? IGNORED : UNSATISFIABLE;
        }
        return new RangeRequest(Outcome.PARTIAL, merge(satisfiable));
    }

    /** {first, last} with -1 for an absent side, or null when malformed. */
    private static long[] bounds(String spec) {
        int dash = spec.indexOf('-');
        if (dash < 0 || dash != spec.lastIndexOf('-')) {
            return null;
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        if (first.isEmpty() && last.isEmpty()) {
            return null;
        }
        long a = first.isEmpty() ? -1 : digits(first);
        long b = last.isEmpty() ? -1 : digits(last);
        if ((!first.isEmpty() && a < 0) || (!last.isEmpty() && b < 0) || (a >= 0 && b >= 0 && b < a)) {
            return null;
        }
        return new long[] {a, b};
    }

    private static long digits(String text) {
        if (text.length() > 18) {
            return text.chars().allMatch(Character::isDigit) ? Long.MAX_VALUE / 2 : -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(text);
    }

    private static ByteRange resolve(long[] bounds, long size) {
        long first = bounds[0];
        long last = bounds[1];
        if (first < 0) { // suffix: the last N bytes
            if (last == 0 || size == 0) {
                return null;
            }
            return ByteRange.closed(Math.max(0, size - last), size - 1);
        }
        if (first >= size) {
            return null;
        }
        return ByteRange.closed(first, last < 0 ? size - 1 : Math.min(last, size - 1));
    }

    private static List<ByteRange> merge(List<ByteRange> ranges) {
        List<ByteRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(ByteRange::offset));
        boolean overlapping = false;
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).offset() <= sorted.get(i - 1).last() + 1) {
                overlapping = true;
                break;
            }
        }
        if (!overlapping) {
            return List.copyOf(ranges);
        }
        List<ByteRange> merged = new ArrayList<>();
        ByteRange current = sorted.get(0);
        for (ByteRange next : sorted.subList(1, sorted.size())) {
            if (next.offset() <= current.last() + 1) {
                current = ByteRange.closed(current.offset(), Math.max(current.last(), next.last()));
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return merged;
    }
}
