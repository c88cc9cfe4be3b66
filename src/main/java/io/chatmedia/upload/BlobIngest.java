package io.chatmedia.upload;

import io.chatmedia.media.ContentSniffer;
import io.chatmedia.media.StoredBlob;
import io.chatmedia.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/**
 * Streams one upload into a store while measuring it: size limit, SHA-256 and sniffed content type are all
 * computed on the way, with memory bounded by the sniffing prefix whatever the file's size.
 */
@Component
public class BlobIngest {

    private final ContentSniffer sniffer;

    BlobIngest(ContentSniffer sniffer) {
        this.sniffer = sniffer;
    }

    /**
     * @throws UploadTooLargeException as soon as more than {@code maxBytes} have come; nothing is stored
     * @throws IOException             when the source or the store fails; nothing is stored
     */
    public StoredBlob store(BlobStore store, String key, InputStream content, long maxBytes) throws IOException {
        MeteredInputStream metered = new MeteredInputStream(content, maxBytes);
        ContentSniffer.Sniffed sniffed = sniffer.sniff(metered);
        long size = store.put(key, sniffed.stream()).size();
        if (size != metered.count()) {
            store.delete(key);
            throw new IOException("stored " + size + " bytes of " + metered.count() + " received under " + key);
        }
        return new StoredBlob(store, key, size, metered.sha256Hex(), sniffed.contentType());
    }
}
