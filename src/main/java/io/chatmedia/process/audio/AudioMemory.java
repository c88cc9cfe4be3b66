package io.chatmedia.process.audio;

import io.chatmedia.process.image.JobMemory;

/**
 * What decoding an audio stream costs in native memory, from its header before the stream is decoded: a decoded frame
 * of at most {@value #FRAME_SAMPLES} samples a channel (FLAC's largest block; Opus, AAC and MP3 frames are far
 * smaller), as doubles, three times over (the decoded frame, the resampled frame, the resampler's own buffers). Only
 * the channel count grows it: a header claiming hundreds of channels is refused. The result itself is bounded by
 * {@code chatmedia.audio.max-result-size}.
 */
final class AudioMemory {

    static final int FRAME_SAMPLES = 65_536;

    static final String SETTING = "chatmedia.audio.max-job-memory";

    private AudioMemory() {}

    static long decoderBytes(AudioHeader header) {
        return (long) Math.max(1, header.channels()) * FRAME_SAMPLES * Double.BYTES * 3;
    }

    /**
     * @throws io.chatmedia.system.ApiException 400 naming {@value #SETTING} when the stream needs more than {@code limit}
     */
    static void check(AudioHeader header, long limit, String action) {
        new JobMemory(limit, action, SETTING)
                .reserve(decoderBytes(header), "decoding " + header.channels() + " channels");
    }
}
