package io.chatmedia.system;

import java.time.Duration;

/**
 * The progress of one transfer against a minimum rate and a total deadline: {@link #check} after each read or write
 * returns the reason it is too slow, or null. The rate is measured over consecutive windows, so a fast start does not
 * buy a stall later; a transfer shorter than one window is never too slow.
 */
final class TransferRate {

    private final long minBytesPerWindow;
    private final long windowNanos;
    private final long deadlineNanos;
    private final long start;
    private long windowStart;
    private long windowBytes;

    TransferRate(long minBytesPerSecond, Duration window, Duration total, long now) {
        this.windowNanos = window.toNanos();
        this.minBytesPerWindow = minBytesPerSecond * window.toSeconds();
        this.deadlineNanos = total.toNanos();
        this.start = now;
        this.windowStart = now;
    }

    /** @return null while fast enough; what is wrong otherwise */
    String check(long bytes, long now) {
        windowBytes += bytes;
        if (now - start > deadlineNanos) {
            return "took longer than " + Duration.ofNanos(deadlineNanos).toSeconds() + " s in all";
        }
        if (now - windowStart >= windowNanos) {
            long seconds = Math.max(1, (now - windowStart) / 1_000_000_000L);
            if (windowBytes < minBytesPerWindow) {
                return "moved " + windowBytes + " bytes in " + seconds + " s, slower than the minimum of "
                        + minBytesPerWindow / Math.max(1, windowNanos / 1_000_000_000L) + " bytes/s";
            }
            windowStart = now;
            windowBytes = 0;
        }
        return null;
    }
}
