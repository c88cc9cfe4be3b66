package io.chatmedia.serving;

import io.chatmedia.media.ContentSniffer;
import io.chatmedia.media.Media;
import io.chatmedia.media.MediaRepository;
import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobKeys;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Finds what a public URL names. A recorded media item is served from its store with its sniffed type and a
 * SHA-256 entity tag. A file with no row (copied over from the seed's {@code public/uploads} folder, onto the local
 * disk or into the object store) is served too, its type sniffed from its first bytes.
 */
@Component
class ServedObjectResolver {

    private final MediaRepository repository;
    private final BlobStores stores;
    private final ContentSniffer sniffer;

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
        Optional<Media> media = repository.findByKey(key);
        if (media.isPresent()) {
            return recorded(media.get());
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
