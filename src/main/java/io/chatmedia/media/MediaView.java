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
        String originalName,
        long imageClassId,
        Instant createdAt) {

    static MediaView of(Media media, MediaUrls urls) {
        return new MediaView(media.id(), media.kind().label(), urls.urlOf(media), media.storageKey(),
                media.contentType(), media.size(), media.sha256(), media.width(), media.height(),
                media.durationMs(), media.rotation(), media.originalName(), media.imageClassId(),
                media.createdAt());
    }
}
