package io.chatmedia.storage.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Folders under the store's root recently found to be themselves (no symbolic link on the way from the root), so a
 * read need not resolve every component of its path again: resolving a real path cost a {@code readlink} per component
 * and was 12 % of a small read's CPU. An entry is trusted for {@code maxAgeNanos} only; bounded by clearing when full.
 */
final class VerifiedFolders {

    private static final int MAX_ENTRIES = 10_000;

    private final Path root;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<Path, Long> verifiedUntil = new ConcurrentHashMap<>();

    VerifiedFolders(Path root, long maxAgeNanos, LongSupplier nanoClock) {
        this.root = root;
        this.maxAgeNanos = maxAgeNanos;
        this.clock = nanoClock;
    }

    /**
     * Whether {@code folder} (under the root, normalised) is its own real path.
     *
     * @throws IOException when the folder cannot be resolved (it does not exist, or cannot be read)
     */
    boolean isReal(Path folder) throws IOException {
        long now = clock.getAsLong();
        Long until = verifiedUntil.get(folder);
        if (until != null && now - until < 0) {
            return true;
        }
        boolean real = folder.toRealPath().equals(folder) && folder.startsWith(root);
        if (real) {
            if (verifiedUntil.size() >= MAX_ENTRIES) {
                verifiedUntil.clear();
            }
            verifiedUntil.put(folder, now + maxAgeNanos);
        } else {
            verifiedUntil.remove(folder);
        }
        return real;
    }
}
