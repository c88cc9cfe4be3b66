package io.chatmedia.process.audio;

/**
 * What an audio source's container and its audio stream's header say.
 *
 * @param durationMs the container's claim (0 when it makes none); the audio may end earlier or later
 * @param bitrate    bits per second as the container states it (0 when it does not)
 * @param estimated  whether the duration is FFmpeg's estimate from the bitrate (an MP3 without a Xing header, a WAV
 *                   whose sizes cannot be trusted) rather than the container's word: it proves nothing about damage
 */
record AudioHeader(
        String format, String codec, int sampleRate, int channels, long bitrate, long durationMs, boolean estimated) {}
