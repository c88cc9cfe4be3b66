package io.chatmedia.resumable;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The in-process SHA-256 of uploads whose pieces can be read back, by upload id and the offset it has reached. A
 * miss (another node, a restart, an evicted entry, a failed request) costs one read of the stored bytes.
 */
@Component
class DigestCache {

    private static final int MAX_ENTRIES = 1024;

    private record Entry(long offset, RunningSha256 digest) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The digest at exactly {@code offset}, taken out of the cache; null when there is none. */
    synchronized RunningSha256 take(String id, long offset) {
        Entry entry = entries.remove(id);
        return entry != null && entry.offset() == offset ? entry.digest() : null;
    }

    synchronized void put(String id, long offset, RunningSha256 digest) {
        entries.put(id, new Entry(offset, digest));
    }

    synchronized void forget(String id) {
        entries.remove(id);
    }
}
