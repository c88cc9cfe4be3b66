package io.chatmedia.storage;

import io.chatmedia.storage.local.LocalDiskBlobStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stores this server has, by role: the local disk (always there: the seed's Diy uploads live on it)
 * and the primary store, where uploadAliyun and the native API put media (an object store when one is
 * configured, the local disk otherwise). Media rows name their store, so reads find the right one.
 */
public final class BlobStores {

    private final LocalDiskBlobStore local;
    private final BlobStore primary;
    private final Map<String, BlobStore> byName = new LinkedHashMap<>();

    public BlobStores(LocalDiskBlobStore local, BlobStore primary) {
        this.local = local;
        this.primary = primary;
        byName.put(local.name(), local);
        byName.put(primary.name(), primary);
    }

    public LocalDiskBlobStore local() {
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
