package io.chatmedia.serving;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What recently resolved keys named, kept for at most {@code maxAge} so that a read of a popular object does not ask
 * the database each time. The cluster has no broadcast: an entry is never trusted past its age, so a media item
 * deleted on another node stops being served here within {@code maxAge} (on this node, at once: {@link #forget}).
 * Bounded: past {@code maxEntries}, expired entries are dropped, and while still full nothing new is kept.
 */
final class ServedObjectCache {

    private record Entry(ServedObject object, long expiresAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long maxAgeNanos;
    private final int maxEntries;
    private final LongSupplier clock;

    ServedObjectCache(Duration maxAge, int maxEntries, LongSupplier nanoClock) {
        this.maxAgeNanos = maxAge.toNanos();
        this.maxEntries = maxEntries;
        this.clock = nanoClock;
    }

    Optional<ServedObject> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (clock.getAsLong() - entry.expiresAt() >= 0) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.object());
    }

    void put(String key, ServedObject object) {
        long now = clock.getAsLong();
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(entry -> now - entry.expiresAt() >= 0);
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(key, new Entry(object, now + maxAgeNanos));
    }

    void forget(String key) {
        entries.remove(key);
    }

    int size() {
        return entries.size();
    }
}
