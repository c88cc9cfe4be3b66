package io.chatmedia.serving;

import io.chatmedia.storage.BlobStore;
import java.time.Instant;

/**
 * Everything needed to answer a read of one stored object without touching its bytes.
 *
 * @param fileName the name offered for downloads
 * @param etag     a strong entity tag, quoted
 * @param mediaId  the media item's id, or null for a file served without a row
 */
record ServedObject(
        BlobStore store,
        String key,
        long size,
        Instant lastModified,
        String contentType,
        String etag,
        String fileName,
        String mediaId) {}
