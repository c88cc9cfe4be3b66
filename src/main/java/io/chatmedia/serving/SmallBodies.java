package io.chatmedia.serving;

import io.chatmedia.storage.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The bytes of small stored objects (under the 48 KiB from which local files go out by sendfile) read recently, kept
 * for at most {@code maxAge} within a budget of {@code maxBytes}, so a popular chat image or thumbnail is not opened
 * and read for every request: opening and reading a file was the largest part of serving one that was left after
 * the row cache. An entry is used only for the same size and modification time the request's object has (its row, or
 * the store's stat); past its age it is read again. Past the budget, expired entries are dropped, and while still full
 * nothing new is kept.
 */
final class SmallBodies {

    static final int MAX_OBJECT_BYTES = 48 * 1024;

    /** Keeps nothing: every body is read. */
    static final SmallBodies NONE = new SmallBodies(Duration.ZERO, 0, System::nanoTime);

    private record Entry(long size, Instant lastModified, byte[] bytes, long expiresAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long maxAgeNanos;
    private final long maxBytes;
    private final LongSupplier clock;
    private long held; // guarded by this

    SmallBodies(Duration maxAge, long maxBytes, LongSupplier nanoClock) {
        this.maxAgeNanos = maxAge.toNanos();
        this.maxBytes = maxBytes;
        this.clock = nanoClock;
    }

    static boolean isSmall(ServedObject object) {
        return object.size() <= MAX_OBJECT_BYTES;
    }

    /** The whole body of a small object, from memory or read from its store. */
    byte[] of(ServedObject object) throws IOException {
        String id = object.store().name() + ":" + object.key();
        long now = clock.getAsLong();
        Entry entry = entries.get(id);
        if (entry != null
                && now - entry.expiresAt() < 0
                && entry.size() == object.size()
                && entry.lastModified().equals(object.lastModified())) {
            return entry.bytes();
        }
        byte[] bytes;
        try (InputStream in = object.store().open(object.key(), ByteRange.ALL)) {
            bytes = in.readNBytes((int) object.size());
        }
        if (bytes.length == object.size()) {
            keep(id, new Entry(object.size(), object.lastModified(), bytes, now + maxAgeNanos), now);
        }
        return bytes;
    }

    private synchronized void keep(String id, Entry entry, long now) {
        if (maxBytes <= 0) {
            return;
        }
        if (held + entry.size() > maxBytes) {
            entries.values().removeIf(old -> {
                boolean expired = now - old.expiresAt() >= 0;
                if (expired) {
                    held -= old.size();
                }
                return expired;
            });
            if (held + entry.size() > maxBytes) {
                return;
            }
        }
        Entry previous = entries.put(id, entry);
        held += entry.size() - (previous == null ? 0 : previous.size());
    }

    synchronized long heldBytes() {
        return held;
    }
}
