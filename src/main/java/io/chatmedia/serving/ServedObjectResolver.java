package io.chatmedia.serving;

import io.chatmedia.media.ContentSniffer;
import io.chatmedia.media.Media;
import io.chatmedia.media.MediaDeleted;
import io.chatmedia.media.MediaRepository;
import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobKeys;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Finds what a public URL names. A recorded media item is served from its store with its sniffed type and a
 * SHA-256 entity tag. A file with no row (copied over from the seed's {@code public/uploads} folder, onto the local
 * disk or into the object store) is served too, its type sniffed from its first bytes.
 *
 * <p>A recorded item's answer is kept for {@link #MAX_AGE} ({@link ServedObjectCache}): reads of the same object do
 * not each ask the database, and a delete on any node is seen here within that time (on this node at once).
 */
@Component
class ServedObjectResolver {

    private final MediaRepository repository;
    private final BlobStores stores;
    private final ContentSniffer sniffer;
    private final ServedObjectCache recent = new ServedObjectCache(MAX_AGE, 10_000, System::nanoTime);

    /** How long a resolved media item is served without asking the database again. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    ServedObjectResolver(MediaRepository repository, BlobStores stores, ContentSniffer sniffer) {
        this.repository = repository;
        this.stores = stores;
        this.sniffer = sniffer;
    }

    /** @throws ApiException 404 when nothing is stored under the key */
    ServedObject resolve(String key) throws IOException {
        if (!BlobKeys.isValid(key)) {
            throw ApiException.notFound("not found");
        }
        Optional<ServedObject> cached = recent.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        Optional<Media> media = repository.findByKey(key);
        if (media.isPresent()) {
            ServedObject object = recorded(media.get());
            recent.put(key, object);
            return object;
        }
        BlobStores.Found found = stores.unrecorded(key).orElseThrow(() -> ApiException.notFound("not found"));
        BlobInfo info = found.info();
        return new ServedObject(
                found.store(),
                key,
                info.size(),
                info.lastModified(),
                sniff(found.store(), key, info),
                "\"" + Long.toHexString(info.size()) + "-"
                        + Long.toHexString(info.lastModified().toEpochMilli()) + "\"",
                fileNameOf(key),
                null);
    }

    @EventListener
    void onDeleted(MediaDeleted deleted) {
        recent.forget(deleted.media().storageKey());
    }

    private ServedObject recorded(Media media) {
        BlobStore store = stores.byName(media.store())
                .orElseThrow(() -> new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE, "the store of this media is not configured on this server"));
        String name = media.originalName() != null ? media.originalName() : fileNameOf(media.storageKey());
        return new ServedObject(
                store,
                media.storageKey(),
                media.size(),
                media.createdAt(),
                media.contentType(),
                "\"" + media.sha256().substring(0, 32) + "\"",
                name,
                media.id());
    }

    private String sniff(BlobStore store, String key, BlobInfo info) throws IOException {
        if (info.size() == 0) {
            return "application/octet-stream";
        }
        try (InputStream in = store.open(key, new ByteRange(0, ContentSniffer.PREFIX_BYTES))) {
            return sniffer.detect(in.readAllBytes());
        }
    }

    private static String fileNameOf(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
