package io.chatmedia.system;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts transfers in flight, in all and per client address, up to a limit each. Thread-safe. */
final class TransferSlots {

    private final int max;
    private final int perClient;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> byClient = new ConcurrentHashMap<>();

    TransferSlots(int max, int perClient) {
        this.max = max;
        this.perClient = perClient;
    }

    /** @return null when a slot was taken (give it back with {@link #release}); otherwise which limit is full */
    String acquire(String client) {
        if (total.incrementAndGet() > max) {
            total.decrementAndGet();
            return "the server's " + max;
        }
        AtomicInteger mine = byClient.compute(client, (k, v) -> {
            AtomicInteger count = v == null ? new AtomicInteger() : v;
            count.incrementAndGet();
            return count;
        });
        if (mine.get() > perClient) {
            release(client);
            return "your address's " + perClient;
        }
        return null;
    }

    void release(String client) {
        total.decrementAndGet();
        byClient.computeIfPresent(client, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }

    int inFlight() {
        return total.get();
    }
}
