package io.chatmedia.process.image.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** OSS's nine anchor points, for crop and watermark; offsets move inwards from the anchor's edges. */
public enum Gravity {
    NW(0, 0),
    NORTH(1, 0),
    NE(2, 0),
    WEST(0, 1),
    CENTER(1, 1),
    EAST(2, 1),
    SW(0, 2),
    SOUTH(1, 2),
    SE(2, 2);

    static final Set<String> NAMES = Arrays.stream(values()).map(Gravity::label).collect(Collectors.toSet());

    private final int column;
    private final int row;

    Gravity(int column, int row) {
        this.column = column;
        this.row = row;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Gravity of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /**
     * The left edge of a {@code part}-wide box in a {@code whole}-wide area, {@code offset} in from the anchored edge
     * (centre boxes move right/down by the offset, as OSS does).
     */
    public int left(int whole, int part, int offset) {
        return place(column, whole, part, offset);
    }

    public int top(int whole, int part, int offset) {
        return place(row, whole, part, offset);
    }

    private static int place(int position, int whole, int part, int offset) {
        return switch (position) {
            case 0 -> offset;
            case 1 -> (whole - part) / 2 + offset;
            default -> whole - part - offset;
        };
    }
}
