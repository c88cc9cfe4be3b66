package io.chatmedia.resumable;

import io.chatmedia.media.ContentSniffer;
import io.chatmedia.media.Media;
import io.chatmedia.media.MediaService;
import io.chatmedia.media.StoredBlob;
import io.chatmedia.process.MediaProber;
import io.chatmedia.security.Caller;
import io.chatmedia.security.Role;
import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.ResumableWrites;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Turns the last byte of an upload into a media item through the same steps as {@code POST /v1/media}: the pieces
 * become the object under the upload's key (a rename on the local disk, the multipart completion on an object
 * store: no second copy), the type is sniffed from its first bytes, the SHA-256 is the running one (or, when no
 * node could keep it, computed by reading the finished object once), the row is written and the file probed. Before
 * this, nothing of the upload is visible as media.
 */
@Component
class TusCompletion {

    private final ContentSniffer sniffer;
    private static final long KEEP_CLAIM_EVERY_NANOS = 2_000_000_000L;

    private final MediaService media;
    private final MediaProber prober;

    TusCompletion(ContentSniffer sniffer, MediaService media, MediaProber prober) {
        this.sniffer = sniffer;
        this.media = media;
        this.prober = prober;
    }

    /**
     * @param sha256 the running SHA-256 (hex), or null to compute it from the finished object
     * @param claim  keeps the request's claim on the upload alive while the object is hashed (which may take long);
     *               throws when the claim was lost, and then nothing is recorded
     */
    Media complete(TusUpload upload, BlobStore store, ResumableWrites writes, String sha256, ChunkInput.Keeper claim)
            throws IOException {
        media.intend(store, upload.storageKey());
        BlobInfo info;
        String contentType;
        try {
            info = writes.complete(upload.storageKey(), upload.storeState(), upload.offset());
            try (InputStream head =
                    store.open(upload.storageKey(), new ByteRange(0, Math.max(1, ContentSniffer.PREFIX_BYTES)))) {
                contentType = sniffer.detect(head.readNBytes(ContentSniffer.PREFIX_BYTES));
            }
            if (sha256 == null) {
                sha256 = hashOf(store, upload.storageKey(), info.size(), claim);
            }
        } catch (IOException | RuntimeException e) {
            media.discard(store, upload.storageKey());
            throw e;
        }
        StoredBlob blob = new StoredBlob(store, upload.storageKey(), info.size(), sha256, contentType);
        Caller owner = new Caller(
                upload.ownerId(), null, Role.valueOf(upload.ownerRole().toUpperCase(Locale.ROOT)));
        Media probed;
        try {
            // probed before its row exists, as every upload: a file the probe refuses (damaged) leaves nothing behind
            probed = prober.examine(media.describe(owner, blob, upload.filename(), 0), store);
        } catch (RuntimeException e) {
            store.delete(upload.storageKey());
            throw e;
        }
        return media.record(probed, blob);
    }

    private static String hashOf(BlobStore store, String key, long size, ChunkInput.Keeper claim) throws IOException {
        RunningSha256 sha = RunningSha256.start();
        long total = 0;
        long keptAt = System.nanoTime();
        try (InputStream in = store.open(key, ByteRange.ALL)) {
            byte[] buffer = new byte[128 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                total += n;
                if (System.nanoTime() - keptAt > KEEP_CLAIM_EVERY_NANOS) {
                    claim.keep();
                    keptAt = System.nanoTime();
                }
            }
        }
        claim.keep();
        if (total != size) {
            throw new IOException("object " + key + " gave " + total + " bytes to hash, not " + size);
        }
        return sha.hex();
    }
}
