package io.chatmedia.media;

import java.time.Instant;

/**
 * One stored media object as recorded: who uploaded it, where its bytes are, what they are.
 * {@code width}, {@code height}, {@code durationMs}, {@code rotation} and {@code probe} are null until a media engine
 * fills them.
 */
public record Media(
        String id,
        String ownerId,
        String ownerRole,
        String store,
        String storageKey,
        String originalName,
        String contentType,
        MediaKind kind,
        long size,
        String sha256,
        Instant createdAt,
        long imageClassId,
        Integer width,
        Integer height,
        Long durationMs,
        Integer rotation,
        Probe probe) {

    /**
     * What the probe at upload found beyond the size, duration and rotation; null when not probed. Videos and audio
     * fill the codec fields, images {@code animated} and {@code frameCount}.
     */
    public record Probe(
            String videoCodec,
            String audioCodec,
            Long bitrate,
            Double fps,
            Boolean hasAudio,
            Boolean animated,
            Integer frameCount) {

        /** A video's or audio's probe. */
        public Probe(String videoCodec, String audioCodec, Long bitrate, Double fps, Boolean hasAudio) {
            this(videoCodec, audioCodec, bitrate, fps, hasAudio, null, null);
        }

        /** An image's probe. */
        public static Probe image(boolean animated, int frameCount) {
            return new Probe(null, null, null, null, null, animated, frameCount);
        }
    }

    /** The same item with what a probe found. */
    public Media probed(Integer width, Integer height, Long durationMs, Integer rotation, Probe probe) {
        return new Media(
                id,
                ownerId,
                ownerRole,
                store,
                storageKey,
                originalName,
                contentType,
                kind,
                size,
                sha256,
                createdAt,
                imageClassId,
                width,
                height,
                durationMs,
                rotation,
                probe);
    }
}
