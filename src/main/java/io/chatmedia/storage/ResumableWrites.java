package io.chatmedia.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A store's way of receiving one object in pieces, over many requests, possibly on different nodes and across
 * restarts (the resumable upload protocol). The store keeps the bytes; the caller keeps, in its database, the
 * opaque {@code state} string each call hands back (never Java-serialised: plain text the store can parse again).
 *
 * <p>Failure contract: bytes the store reports stored (through {@link Checkpoint#reached} or {@link #stored}) stay
 * stored whatever happens after; an {@link #append} that fails keeps every byte up to the last one it stored.
 * Nothing is visible under the key until {@link #complete}; {@link #abort} leaves nothing behind.
 */
public interface ResumableWrites {

    /** Bytes persisted so far and the store's state that describes them. */
    record Progress(long offset, String state) {}

    /** Told each time bytes become durable beyond the loss of this process (an object store's part). */
    @FunctionalInterface
    interface Checkpoint {
        void reached(Progress progress) throws IOException;
    }

    /** Starts an object that will end up under {@code key}; @return the state to keep with the upload */
    String begin(String key) throws IOException;

    /**
     * How many bytes the pieces hold now. A store that appends in place may hold more than {@code persisted} after a
     * process died in the middle of an append; a store that only keeps checkpointed pieces answers {@code persisted}.
     */
    long stored(String key, String state, long persisted) throws IOException;

    /**
     * Appends everything {@code content} yields at {@code offset}.
     *
     * @param contentLength the bytes {@code content} will yield when known in advance (a request's Content-Length), so
     *                    a store may send a piece while its bytes still arrive; -1 when unknown. A content that ends
     *                    earlier is no failure: what came is appended
     * @param finalLength the object's whole length when known: reaching it ends the object (its last piece may be
     *                    small); null while the length is deferred
     * @param checkpoint  told of intermediate durable progress; null to be told of none (the caller may still
     *                    discard the whole append with {@link #truncate})
     * @return the progress after the last byte of {@code content}
     * @throws IOException whatever the source or the store threw; see the failure contract
     */
    Progress append(
            String key,
            String state,
            long offset,
            InputStream content,
            long contentLength,
            Long finalLength,
            Checkpoint checkpoint)
            throws IOException;

    /** Discards whatever was appended past {@code progress} (a chunk refused after it was received). */
    void truncate(String key, Progress progress) throws IOException;

    /**
     * The first {@code length} bytes appended so far, when the store can read unfinished pieces back (the local disk
     * can; an object store cannot read the parts of an unfinished multipart upload).
     */
    Optional<InputStream> openStored(String key, String state, long length) throws IOException;

    /** Makes the {@code length} bytes the whole object under {@code key}, visible to readers from now on. */
    BlobInfo complete(String key, String state, long length) throws IOException;

    /** Removes every piece of an unfinished object; nothing is left behind. */
    void abort(String key, String state) throws IOException;
}
