package io.chatmedia.media;

import java.time.Instant;

/** The media JSON of the native API (snake_case on the wire). */
public record MediaView(
        String id,
        String kind,
        String url,
        String path,
        String contentType,
        long size,
        String sha256,
        Integer width,
        Integer height,
        Long durationMs,
        Integer rotation,
        String videoCodec,
        String audioCodec,
        Long bitrate,
        Double fps,
        Boolean hasAudio,
        Boolean animated,
        Integer frameCount,
        String coverUrl,
        String originalName,
        long imageClassId,
        Instant createdAt) {

    /** The cover of a video: its first keyframe, upright, at full size (a derived result, cached once asked). */
    static final String COVER = "?x-oss-process=video/snapshot,t_0,m_fast,f_jpg";

    public static MediaView of(Media media, MediaUrls urls) {
        Media.Probe probe = media.probe();
        String url = urls.urlOf(media);
        boolean video = media.kind() == MediaKind.VIDEO && media.width() != null;
        return new MediaView(
                media.id(),
                media.kind().label(),
                url,
                media.storageKey(),
                media.contentType(),
                media.size(),
                media.sha256(),
                media.width(),
                media.height(),
                media.durationMs(),
                media.rotation(),
                probe == null ? null : probe.videoCodec(),
                probe == null ? null : probe.audioCodec(),
                probe == null ? null : probe.bitrate(),
                probe == null ? null : probe.fps(),
                probe == null ? null : probe.hasAudio(),
                probe == null ? null : probe.animated(),
                probe == null ? null : probe.frameCount(),
                video ? url + COVER : null,
                media.originalName(),
                media.imageClassId(),
                media.createdAt());
    }
}
