package io.chatmedia.serving;

import io.chatmedia.storage.BlobStore;
import java.time.Instant;

/**
 * Everything needed to answer a read of one stored object without touching its bytes.
 *
 * @param fileName the name offered for downloads
 * @param etag     a strong entity tag, quoted
 */
record ServedObject(BlobStore store, String key, long size, Instant lastModified, String contentType,
        String etag, String fileName) {
}
