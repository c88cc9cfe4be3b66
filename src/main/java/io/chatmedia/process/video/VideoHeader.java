package io.chatmedia.process.video;

/**
 * What a video's container headers say, read without decoding a frame.
 *
 * @param codedWidth  the stream's width as stored (before rotation)
 * @param codedHeight the stream's height as stored
 * @param rotation    clockwise degrees to turn the picture upright: 0, 90, 180 or 270
 * @param durationMs  0 when unknown
 * @param bitrate     bits per second of the whole file, 0 when unknown
 * @param pixelFormat the video stream's AVPixelFormat as the container says it, -1 when it does not
 */
public record VideoHeader(
        String format,
        boolean hasVideo,
        boolean hasAudio,
        String videoCodec,
        String audioCodec,
        int codedWidth,
        int codedHeight,
        int rotation,
        long durationMs,
        double fps,
        long bitrate,
        int audioChannels,
        int sampleRate,
        int pixelFormat) {

    /** Width once rotation is applied. */
    public int width() {
        return rotation % 180 == 0 ? codedWidth : codedHeight;
    }

    /** Height once rotation is applied. */
    public int height() {
        return rotation % 180 == 0 ? codedHeight : codedWidth;
    }
}
