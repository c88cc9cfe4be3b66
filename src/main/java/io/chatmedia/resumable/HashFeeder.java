package io.chatmedia.resumable;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Feeds a running SHA-256 on another thread, in order, so that hashing overlaps receiving and storing the bytes
 * (BouncyCastle's SHA-256, whose state can be saved, runs at a fifth of the rate an object store takes parts here).
 * At most {@link #MAX_PENDING} bytes wait to be hashed: a faster sender is held back.
 */
final class HashFeeder {

    static final int MAX_PENDING = 16 * 1024 * 1024;

    private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tus-sha256");
        thread.setDaemon(true);
        return thread;
    });

    private final RunningSha256 digest;
    private final Semaphore room = new Semaphore(MAX_PENDING);
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    HashFeeder(RunningSha256 digest) {
        this.digest = digest;
    }

    /** Queues a copy of the bytes for hashing (blocks while too many are waiting). */
    void update(byte[] bytes, int offset, int length) {
        byte[] copy = Arrays.copyOfRange(bytes, offset, offset + length);
        int permits = Math.min(length, MAX_PENDING);
        room.acquireUninterruptibly(permits);
        last = last.thenRunAsync(
                () -> {
                    try {
                        digest.update(copy, 0, copy.length);
                    } finally {
                        room.release(permits);
                    }
                },
                POOL);
    }

    /** Waits until every byte given so far is in the digest. */
    void settle() {
        last.join();
    }
}
