package io.chatmedia.resumable;

/**
 * One resumable upload's row.
 *
 * @param length      the declared length, or null while deferred
 * @param maxLength   the owner's upload limit when it was created: a deferred length is cut there
 * @param offset      bytes received and stored, as the last checkpoint says
 * @param metadata    the raw {@code Upload-Metadata} header, echoed on HEAD
 * @param storeState  the store's own description of the pieces ({@code ResumableWrites})
 * @param expiresAt   epoch ms, database clock
 * @param expired     whether the database clock is past {@code expiresAt} now
 * @param mediaId     the media item the upload became, once complete
 * @param unverified  whether bytes past the offset may come from a checksummed PATCH that never finished
 */
record TusUpload(
        String id,
        String ownerId,
        String ownerRole,
        String store,
        String storageKey,
        Long length,
        long maxLength,
        long offset,
        String metadata,
        String filename,
        String storeState,
        long createdAt,
        long expiresAt,
        boolean expired,
        String mediaId,
        boolean unverified) {

    boolean complete() {
        return mediaId != null;
    }

    /** The same upload after a request stored up to {@code offset} (the store's {@code state} describing it). */
    TusUpload progressed(long offset, String state, Long length) {
        return new TusUpload(
                id,
                ownerId,
                ownerRole,
                store,
                storageKey,
                length,
                maxLength,
                offset,
                metadata,
                filename,
                state,
                createdAt,
                expiresAt,
                expired,
                mediaId,
                false);
    }
}
