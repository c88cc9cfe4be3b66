package io.chatmedia.media;

import java.time.Instant;
import java.util.List;

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
     * fill the codec fields, audio {@code sampleRate}, {@code channels} and {@code waveform} (100 peaks in 0–1024,
     * absent past the waveform limit), images {@code animated} and {@code frameCount}; images and videos a
     * {@code blurhash} placeholder.
     */
    public record Probe(
            String videoCodec,
            String audioCodec,
            Long bitrate,
            Double fps,
            Boolean hasAudio,
            Boolean animated,
            Integer frameCount,
            Integer sampleRate,
            Integer channels,
            List<Integer> waveform,
            String blurhash) {

        public Probe {
            waveform = waveform == null ? null : List.copyOf(waveform);
        }

        /** A video's probe. */
        public Probe(String videoCodec, String audioCodec, Long bitrate, Double fps, Boolean hasAudio) {
            this(videoCodec, audioCodec, bitrate, fps, hasAudio, null, null, null, null, null, null);
        }

        /** An image's probe. */
        public static Probe image(boolean animated, int frameCount) {
            return new Probe(null, null, null, null, null, animated, frameCount, null, null, null, null);
        }

        /** An audio file's probe. */
        public static Probe audio(
                String codec, Long bitrate, Integer sampleRate, Integer channels, List<Integer> waveform) {
            return new Probe(null, codec, bitrate, null, true, null, null, sampleRate, channels, waveform, null);
        }

        /** The same probe with a placeholder. */
        public Probe withBlurhash(String hash) {
            return new Probe(
                    videoCodec,
                    audioCodec,
                    bitrate,
                    fps,
                    hasAudio,
                    animated,
                    frameCount,
                    sampleRate,
                    channels,
                    waveform,
                    hash);
        }
    }

    /**
     * The same item as audio, when a probe finds no picture in what sniffed as a video (an MP4 or 3GP whose index is
     * at its end, beyond the sniffed prefix): {@code video/mp4} becomes {@code audio/mp4}, QuickTime {@code audio/mp4}.
     */
    public Media asAudio() {
        String subtype = contentType.substring(contentType.indexOf('/') + 1);
        String type = "audio/" + (subtype.equals("quicktime") ? "mp4" : subtype);
        return new Media(
                id,
                ownerId,
                ownerRole,
                store,
                storageKey,
                originalName,
                type,
                MediaKind.AUDIO,
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
