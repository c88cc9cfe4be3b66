package io.chatmedia.process.video;

/**
 * What ChatMedia agrees to decode: a stream whose header claims more pixels than {@code maxPixels} (or a side longer than
 * {@code maxSide}) is refused before a single frame is decoded, as a decompression bomb; a frame whose decoding would
 * need more native memory than {@code maxJobBytes} ({@link VideoMemory}) is refused too, before decoding; and at most
 * {@code maxFrameBytes} are read from the source for one decoded frame (one decoder call cannot be interrupted, and its
 * time grows with the bytes it is handed: 0.1 to 0.2 CPU-seconds a megabyte for H.264 at its densest).
 */
record VideoLimits(int maxSide, long maxPixels, long maxJobBytes, long maxFrameBytes) {

    /** {@code chatmedia.process.video.max-job-memory}'s default. */
    static final long DEFAULT_JOB_BYTES = 640L * 1024 * 1024;

    /** {@code chatmedia.process.video.max-frame-size}'s default. */
    static final long DEFAULT_FRAME_BYTES = 4L * 1024 * 1024;

    static final VideoLimits DEFAULT = new VideoLimits(8192, 8192L * 4320, DEFAULT_JOB_BYTES, DEFAULT_FRAME_BYTES);

    VideoLimits withMaxJobBytes(long bytes) {
        return new VideoLimits(maxSide, maxPixels, bytes, maxFrameBytes);
    }

    VideoLimits withMaxFrameBytes(long bytes) {
        return new VideoLimits(maxSide, maxPixels, maxJobBytes, bytes);
    }
}
