package io.chatmedia.storage;

import io.chatmedia.storage.local.SingleFileBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stores this server has, by role: the local disk (always there: the seed's Diy uploads live on it)
 * and the primary store, where uploadAliyun and the native API put media (an object store when one is
 * configured, the local disk otherwise). Media rows name their store, so reads find the right one.
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

    /** The store recorded under {@code name} in a media row, when this server has it. */
    public Optional<BlobStore> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
