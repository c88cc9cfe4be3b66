package io.chatmedia.process.image;

import io.chatmedia.system.ApiException;

/**
 * The native memory one processing job has committed to, tallied from headers and parameters before each allocation
 * that can be large (decoding a source or a watermark image, drawing a text mark, rotating it, tiling it; a video's
 * decoder frames and its cover; an audio decoder's frames). A job whose tally would pass its limit is refused with a
 * 400 naming the limit and its setting, before it allocates. Not thread-safe: one job, one worker.
 */
public final class JobMemory {

    private static final long MB = 1024 * 1024;

    private final long limit;
    private final String label;
    private final String setting;
    private long committed;

    /** An image job's tally: {@code image/<action>}, limited by {@code chatmedia.process.image.max-job-memory}. */
    public JobMemory(long limit, String action) {
        this(limit, "image/" + action, "chatmedia.process.image.max-job-memory");
    }

    /**
     * @param label   what the reason starts with ({@code video/snapshot})
     * @param setting the property that sets {@code limit}, named in the reason
     */
    public JobMemory(long limit, String label, String setting) {
        this.limit = limit;
        this.label = label;
        this.setting = setting;
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
            throw ApiException.badRequest(label + ": " + what + " needs " + mb(bytes) + " MB of memory"
                    + (committed > 0 ? " (" + mb(committed + bytes) + " MB in all)" : "") + ", over the " + mb(limit)
                    + " MB a job may use (" + setting + ")");
        }
        committed += bytes;
    }

    /** Bytes of {@code frames} frames of {@code width}×{@code height} at {@code channels} bytes a pixel. */
    public static long frameBytes(long width, long height, long frames, int channels) {
        return width * height * frames * channels;
    }

    /** Bytes still free under the limit. */
    public long remaining() {
        return limit - committed;
    }

    public long committed() {
        return committed;
    }

    private static long mb(long bytes) {
        return (bytes + MB - 1) / MB;
    }
}
