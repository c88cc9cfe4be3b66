package io.chatmedia.storage.s3;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Multipart uploads whose abort failed (the store was down when the upload failed), kept so the sweeper aborts
 * them as soon as the store is back, instead of waiting for them to grow stale.
 */
public final class PendingUploads {

    private final Map<String, String> keysByUploadId = new ConcurrentHashMap<>();

    void remember(String key, String uploadId) {
        keysByUploadId.put(uploadId, key);
    }

    void forget(String uploadId) {
        keysByUploadId.remove(uploadId);
    }

    Map<String, String> snapshot() {
        return Map.copyOf(keysByUploadId);
    }
}
