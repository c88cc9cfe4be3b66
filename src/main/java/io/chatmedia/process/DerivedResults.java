package io.chatmedia.process;

import io.chatmedia.media.MediaDeleted;
import io.chatmedia.process.spec.ProcessRequest;
import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.KeyFolders;
import io.chatmedia.system.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.context.event.EventListener;

/**
 * Processed results (covers, thumbnails, conversions) kept in a store under
 * {@code derived/{media id}/{hash of the canonical processing string}.{ext}}, so each is computed once. Identical
 * requests in flight share one computation on the {@link WorkerPool}; a failed computation stores nothing and is
 * tried again by the next request. Deleting a media item deletes its derived results.
 */
public final class DerivedResults {

    static final String PREFIX = KeyFolders.prefixOf(KeyFolders.DERIVED);

    /** Computes a result's bytes; runs on a worker. */
    @FunctionalInterface
    public interface Producer {
        byte[] produce() throws IOException;
    }

    private final BlobStore store;
    private final WorkerPool pool;
    private final Map<String, CompletableFuture<BlobInfo>> inFlight = new ConcurrentHashMap<>();

    public DerivedResults(BlobStore store, WorkerPool pool) {
        this.store = store;
        this.pool = pool;
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
            Optional<BlobInfo> finishedMeanwhile = store.stat(key); // a leader may have stored it just before
            if (finishedMeanwhile.isPresent()) {
                mine.complete(finishedMeanwhile.get());
                return finishedMeanwhile.get();
            }
            byte[] result = pool.run(producer::produce); // the worker is free again while the result is written
            BlobInfo stored = store.put(key, new ByteArrayInputStream(result));
            mine.complete(stored);
            return stored;
        } catch (IOException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
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
