package io.chatmedia.storage.s3;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tails (small last pieces of unfinished resumable uploads) this process put into the bucket, so that the next
 * request of the same upload on this node puts them in front of its bytes without reading them back. An entry is
 * used only for the exact tail the upload's saved state names — same start and same ETag, the bucket's answer to the
 * put — so a tail another node has put since (same start, other bytes) is never mistaken for it: a miss reads the
 * tail from the bucket. Bounded in bytes, least recently used first out.
 */
final class TailCache {

    static final long MAX_BYTES = 32L * 1024 * 1024;

    private record Entry(long start, String etag, byte[] bytes) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final long maxBytes;
    private long held;

    TailCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Remembers a copy of the first {@code length} bytes of {@code buffer} as the tail of {@code key}. */
    synchronized void put(String key, long start, String etag, byte[] buffer, int length) {
        forget(key);
        if (etag == null || length > maxBytes) {
            return;
        }
        entries.put(key, new Entry(start, etag, Arrays.copyOf(buffer, length)));
        held += length;
        Iterator<Entry> oldest = entries.values().iterator();
        while (held > maxBytes && oldest.hasNext()) {
            held -= oldest.next().bytes().length;
            oldest.remove();
        }
    }

    /**
     * Copies the tail of {@code key} into the start of {@code buffer} when this process holds exactly that tail.
     *
     * @return whether it did (false: read it from the bucket)
     */
    synchronized boolean copyInto(String key, long start, String etag, byte[] buffer, int length) {
        Entry entry = entries.get(key);
        if (entry == null
                || etag == null
                || entry.start() != start
                || !entry.etag().equals(etag)
                || entry.bytes().length != length) {
            return false;
        }
        System.arraycopy(entry.bytes(), 0, buffer, 0, length);
        return true;
    }

    synchronized void forget(String key) {
        Entry entry = entries.remove(key);
        if (entry != null) {
            held -= entry.bytes().length;
        }
    }
}
