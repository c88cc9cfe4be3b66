package io.chatmedia.upload;

import io.chatmedia.media.ContentSniffer;
import io.chatmedia.media.MediaService;
import io.chatmedia.media.StoredBlob;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.DaemonThreadPool;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import org.springframework.stereotype.Component;

/**
 * Streams one upload into a store while measuring it: size limit, SHA-256 and sniffed content type are all
 * computed on the way, with memory bounded by the sniffing prefix whatever the file's size.
 */
@Component
public class BlobIngest {

    private final ContentSniffer sniffer;
    private final MediaService media;
    private final ExecutorService hashers = DaemonThreadPool.create("upload-sha256");

    BlobIngest(ContentSniffer sniffer, MediaService media) {
        this.sniffer = sniffer;
        this.media = media;
    }

    /**
     * Announces the blob ({@link MediaService#intend}) and stores it; the caller records it or discards it.
     *
     * @throws UploadTooLargeException as soon as more than {@code maxBytes} have come; nothing is stored
     * @throws IOException             when the source or the store fails; nothing is stored
     */
    public StoredBlob store(BlobStore store, String key, InputStream content, long maxBytes) throws IOException {
        media.intend(store, key);
        MeteredInputStream metered = new MeteredInputStream(content, maxBytes, hashers);
        long size;
        ContentSniffer.Sniffed sniffed;
        String sha256;
        try {
            sniffed = sniffer.sniff(metered);
            size = store.put(key, sniffed.stream()).size();
            sha256 = metered.sha256Hex();
        } catch (IOException | RuntimeException | Error e) {
            media.discard(store, key); // removes what is under the key, if anything, and the intent
            throw e;
        }
        if (size != metered.count()) {
            media.discard(store, key);
            throw new IOException("stored " + size + " bytes of " + metered.count() + " received under " + key);
        }
        return new StoredBlob(store, key, size, sha256, sniffed.contentType());
    }
}
