package io.chatmedia.resumable;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The in-process running SHA-256 of uploads, by upload id and the offset it stands for (the bytes before an offset
 * never change, so an entry is right whenever its offset is the upload's). A request leaves the entry of the offset
 * it started from, then of each checkpoint it reached, so a broken request does not lose it. A miss (another node,
 * a restart, an evicted entry) costs one read of the stored bytes (local disk) or of the finished object at
 * completion (object store).
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
