package io.chatmedia.process;

import io.chatmedia.lease.Lease;
import io.chatmedia.lease.Leases;
import io.chatmedia.media.MediaDeleted;
import io.chatmedia.process.spec.ProcessRequest;
import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.KeyFolders;
import io.chatmedia.system.ApiException;
import io.chatmedia.system.Sha256;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;

/**
 * Processed results (covers, thumbnails, conversions) kept in a store under
 * {@code derived/{media id}/{hash of the canonical processing string}.{ext}}, so each is computed once, across every
 * node of a cluster. Identical requests in flight on this node share one computation on the {@link WorkerPool}; across
 * nodes, the one that takes the result's lease ({@link Leases}, name {@code derived}, key the result's key) computes it
 * while the others wait for it to appear in the store (bounded by the processing deadline), and a node that dies
 * mid-computation leaves a lease that expires and is taken over. A failed computation stores nothing and is tried
 * again by the next request. Deleting a media item deletes its derived results.
 */
public final class DerivedResults {

    static final String PREFIX = KeyFolders.prefixOf(KeyFolders.DERIVED);
    static final String LEASE = "derived";
    private static final long FIRST_POLL_MS = 50;
    private static final long LAST_POLL_MS = 500;

    /** Computes a result's bytes; runs on a worker. */
    @FunctionalInterface
    public interface Producer {
        byte[] produce() throws IOException;
    }

    private final BlobStore store;
    private final WorkerPool pool;
    private final Leases leases;
    private final Duration leaseTtl;
    private final Duration waitLimit;
    private final Counter computed;
    private final Map<String, CompletableFuture<BlobInfo>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param leaseTtl  how long a lease lives without renewal: how soon a dead node's computation is taken over
     * @param waitLimit how long a request waits for another node's computation (the processing deadline)
     * @param computed  counts the results this node computed and stored
     */
    public DerivedResults(
            BlobStore store, WorkerPool pool, Leases leases, Duration leaseTtl, Duration waitLimit, Counter computed) {
        this.store = store;
        this.pool = pool;
        this.leases = leases;
        this.leaseTtl = leaseTtl;
        this.waitLimit = waitLimit;
        this.computed = computed;
    }

    /** The store results are kept in. */
    public BlobStore store() {
        return store;
    }

    /** The stored result for {@code request} on the source, computed by {@code producer} when absent. */
    public BlobInfo getOrCompute(String sourceId, ProcessRequest request, String extension, Producer producer)
            throws IOException {
        return getOrCompute(sourceId, request.canonical(), extension, producer);
    }

    /** The stored result for the processing that prints as {@code canonical}, computed when absent. */
    public BlobInfo getOrCompute(String sourceId, String canonical, String extension, Producer producer)
            throws IOException {
        String key = keyOf(sourceId, canonical, extension);
        Optional<BlobInfo> existing = store.stat(key);
        if (existing.isPresent()) {
            return existing.get();
        }
        CompletableFuture<BlobInfo> mine = new CompletableFuture<>();
        CompletableFuture<BlobInfo> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            BlobInfo stored = computeOnce(key, producer);
            mine.complete(stored);
            return stored;
        } catch (IOException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** This node's one caller for {@code key}: computes under the lease, or waits for the node that holds it. */
    private BlobInfo computeOnce(String key, Producer producer) throws IOException {
        long giveUpAt = System.nanoTime() + waitLimit.toNanos();
        long poll = FIRST_POLL_MS;
        while (true) {
            Optional<BlobInfo> finished = store.stat(key); // another node (or a leader just before) stored it
            if (finished.isPresent()) {
                return finished.get();
            }
            Optional<Lease> lease = leases.tryAcquire(LEASE, key, leaseTtl);
            if (lease.isPresent()) {
                try (Lease held = lease.get()) {
                    Optional<BlobInfo> storedMeanwhile = store.stat(key); // stored between our stat and the lease
                    if (storedMeanwhile.isPresent()) {
                        return storedMeanwhile.get();
                    }
                    byte[] result = pool.run(producer::produce); // the worker is free again while the result is written
                    BlobInfo stored = store.putRecomputable(key, result);
                    computed.increment();
                    return stored;
                }
            }
            if (System.nanoTime() - giveUpAt > 0) {
                throw new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE, "processing took longer than " + waitLimit.toSeconds() + " s");
            }
            sleep(poll);
            poll = Math.min(LAST_POLL_MS, poll * 2);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for another node's processing", e);
        }
    }

    private static BlobInfo await(CompletableFuture<BlobInfo> running) throws IOException {
        try {
            return running.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** Removes every derived result of a media item that is being deleted. */
    @EventListener
    public void onDeleted(MediaDeleted deleted) {
        String prefix = PREFIX + deleted.media().id() + "/";
        try (Stream<BlobInfo> results = store.list(prefix)) {
            List<BlobInfo> all = results.toList();
            for (BlobInfo result : all) {
                store.delete(result.key());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not remove the derived results of " + deleted.media().id(), e);
        }
    }

    static String keyOf(String sourceId, String canonical, String extension) {
        return PREFIX + sourceId + "/" + Sha256.hex(canonical).substring(0, 32) + "." + extension;
    }
}
