package io.chatmedia.process.audio;

import java.util.Arrays;

/**
 * A seekable in-memory file for FFmpeg's muxers (MP4, WAV, FLAC and MP3 go back to patch their headers), bounded:
 * a write past {@code limit} bytes is refused and remembered, so a conversion that would be too large stops cleanly.
 */
final class MemoryOutput {

    private final long limit;
    private byte[] bytes = new byte[64 * 1024];
    private int length;
    private int position;
    private boolean overflowed;

    MemoryOutput(long limit) {
        this.limit = limit;
    }

    /** @return false (and nothing written) when the file would grow past the limit */
    boolean write(byte[] chunk) {
        long end = (long) position + chunk.length;
        if (end > limit) {
            overflowed = true;
            return false;
        }
        if (end > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(end, bytes.length * 2L)));
        }
        System.arraycopy(chunk, 0, bytes, position, chunk.length);
        position = (int) end;
        length = Math.max(length, position);
        return true;
    }

    void seek(long target) {
        if (target > limit) {
            throw new IllegalArgumentException("seek past the limit");
        }
        if (target > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) target);
        }
        position = (int) target;
        length = Math.max(length, position);
    }

    long position() {
        return position;
    }

    long length() {
        return length;
    }

    long limit() {
        return limit;
    }

    boolean overflowed() {
        return overflowed;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }
}
