package io.chatmedia.process.image;

import io.chatmedia.system.ApiException;

/**
 * The native memory one image job has committed to, tallied from headers and parameters before each allocation that
 * can be large (decoding a source or a watermark image, drawing a text mark, rotating it, tiling it). A job whose tally
 * would pass {@code maxJobBytes} is refused with a 400 naming the limit, before it allocates. Not thread-safe: one job,
 * one worker.
 */
public final class JobMemory {

    private static final long MB = 1024 * 1024;

    private final long limit;
    private final String action;
    private long committed;

    public JobMemory(long limit, String action) {
        this.limit = limit;
        this.action = action;
    }

    /** A tally that refuses nothing, for callers outside a request (tests, tools). */
    public static JobMemory unlimited(String action) {
        return new JobMemory(Long.MAX_VALUE, action);
    }

    /**
     * Adds {@code bytes} to the job's tally.
     *
     * @param what what needs the memory, for the reason ("decoding the 15000x15000 image")
     * @throws ApiException 400 when the job would then need more than its limit
     */
    public void reserve(long bytes, String what) {
        if (bytes < 0 || bytes > limit - committed) {
            throw ApiException.badRequest("image/" + action + ": " + what + " needs " + mb(bytes) + " MB of memory"
                    + (committed > 0 ? " (" + mb(committed + bytes) + " MB in all)" : "") + ", over the " + mb(limit)
                    + " MB a job may use (chatmedia.process.image.max-job-memory)");
        }
        committed += bytes;
    }

    /** Bytes of {@code frames} frames of {@code width}×{@code height} at {@code channels} bytes a pixel. */
    public static long frameBytes(long width, long height, long frames, int channels) {
        return width * height * frames * channels;
    }

    public long committed() {
        return committed;
    }

    private static long mb(long bytes) {
        return (bytes + MB - 1) / MB;
    }
}
