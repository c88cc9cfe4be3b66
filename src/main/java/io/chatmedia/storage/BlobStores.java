package io.chatmedia.storage;

import io.chatmedia.storage.local.SingleFileBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stores this server has, by role: the primary store, where every upload goes (the seed's Diy and uploadAliyun
 * routes, screenshots, the native API, derived results): an object store when one is configured, so that every node
 * of a cluster serves every URL, the local disk otherwise; and the local disk, always there, which also holds files
 * copied over from the seed's {@code public/uploads} folder. Media rows name their store, so reads find the right one.
 */
public final class BlobStores {

    private final BlobStore local;
    private final BlobStore primary;
    private final Map<String, BlobStore> byName = new LinkedHashMap<>();

    public BlobStores(BlobStore local, BlobStore primary) {
        this.local = local;
        this.primary = primary;
        byName.put(local.name(), local);
        byName.put(primary.name(), primary);
    }

    /**
     * A file outside every store, such as a downloaded temporary file, as one object of a read-only store that
     * code reading from stores can take. The file is never changed; removing it stays with the caller.
     *
     * @throws InvalidBlobKeyException when the file's name is not a valid key
     * @throws IOException             when the file's size cannot be read (it does not exist, say)
     */
    public static BlobRef ofFile(Path file) throws IOException {
        SingleFileBlobStore store = new SingleFileBlobStore(file);
        return new BlobRef(store, store.key(), Files.size(file));
    }

    public BlobStore local() {
        return local;
    }

    public BlobStore primary() {
        return primary;
    }

    /**
     * An object with no media row (a file copied over from the seed's {@code public/uploads}): looked for on the local
     * disk, then on the primary store (where a cluster's operator copies them).
     *
     * @throws IOException when a store cannot be asked
     */
    public Optional<Found> unrecorded(String key) throws IOException {
        Optional<BlobInfo> onDisk = local.stat(key);
        if (onDisk.isPresent()) {
            return Optional.of(new Found(local, onDisk.get()));
        }
        if (primary == local) {
            return Optional.empty();
        }
        return primary.stat(key).map(info -> new Found(primary, info));
    }

    /** An object and the store holding it. */
    public record Found(BlobStore store, BlobInfo info) {}

    /** The store recorded under {@code name} in a media row, when this server has it. */
    public Optional<BlobStore> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
