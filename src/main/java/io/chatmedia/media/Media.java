package io.chatmedia.media;

import java.time.Instant;

/**
 * One stored media object as recorded: who uploaded it, where its bytes are, what they are.
 * {@code width}, {@code height}, {@code durationMs} and {@code rotation} are null until a media engine fills them.
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
        Integer rotation) {
}
