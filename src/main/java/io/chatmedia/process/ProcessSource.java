package io.chatmedia.process;

import io.chatmedia.media.MediaKind;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.Sha256;

/**
 * A stored object to process: where its bytes are, how many there are, and what it is.
 *
 * @param sourceId    the folder its derived results are kept in: the media item's id, or for a file served without
 *                    a row, an id made from its key (results of different sources never share a folder)
 * @param contentType the content type recorded (or sniffed) for it
 */
public record ProcessSource(String sourceId, BlobStore store, String key, long size, String contentType) {

    /** A source that is a media item ({@code mediaId}) or, when that is null, a file served without a row. */
    public static ProcessSource of(String mediaId, BlobStore store, String key, long size, String contentType) {
        String sourceId = mediaId != null ? mediaId : "key-" + Sha256.hex(key).substring(0, 32);
        return new ProcessSource(sourceId, store, key, size, contentType);
    }

    /** What the source is, from its content type. */
    public MediaKind kind() {
        return MediaKind.of(contentType);
    }
}
