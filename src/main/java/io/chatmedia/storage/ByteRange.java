package io.chatmedia.storage;

/**
 * A run of bytes: {@code length} bytes from {@code offset}; {@link #ALL} is the whole object.
 * A range is never empty and never starts before 0.
 */
public record ByteRange(long offset, long length) {

    /** From the first byte to the end, whatever the size. */
    public static final ByteRange ALL = new ByteRange(0, Long.MAX_VALUE);

    public ByteRange {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("invalid byte range: offset " + offset + ", length " + length);
        }
    }

    /** The bytes {@code first} to {@code last}, both included. */
    public static ByteRange closed(long first, long last) {
        return new ByteRange(first, last - first + 1);
    }

    /** Whether this is the whole object. */
    public boolean isAll() {
        return offset == 0 && length == Long.MAX_VALUE;
    }

    /** The last byte's position (saturating for {@link #ALL}). */
    public long last() {
        return length == Long.MAX_VALUE ? Long.MAX_VALUE : offset + length - 1;
    }
}
