package io.chatmedia.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where media bytes live. Implementations take their settings in their constructors; this interface holds
 * operations only.
 *
 * <p>Keys are relative, {@code /}-separated paths checked by {@link BlobKeys#check(String)}; a key that
 * fails the check is refused with {@link InvalidBlobKeyException} before any I/O.
 *
 * <p>Failure contract: a {@link #put} that fails or is aborted for any reason (the source stream throws,
 * the client disconnects, the disk fills, the thread is interrupted) leaves nothing visible under the key
 * and nothing half-written anywhere the store lists: a key is either absent or holds a complete object.
 * Reads never see a partial object.
 *
 * <p>Capabilities: {@link #publicUrl}, {@link #keyOfPublicUrl} and {@link #redirectUrl} say how the store's objects
 * can be reached without ChatMedia. A store that has no such address answers empty (the defaults here).
 */
public interface BlobStore {

    /** A short name recorded with each media item ({@code local}, {@code s3}). */
    String name();

    /**
     * Stores everything {@code content} yields until its end, replacing any object under {@code key}
     * only once the whole content has been received.
     *
     * @return what was stored, with the exact byte count
     * @throws IOException whatever the source or the store threw; nothing is left behind under the key
     *                     (a previous object under the key, if any, is unchanged)
     */
    BlobInfo put(String key, InputStream content) throws IOException;

    /**
     * Stores a result that can be computed again from what is stored elsewhere (a cover, a thumbnail, a conversion:
     * keys under {@link KeyFolders#DERIVED}). Like {@link #put}, readers see nothing or the whole object, but the store
     * may skip making it durable at once: a crash of the machine may lose it (never tear it), and it is computed again
     * when next asked for. The default is {@link #put}.
     *
     * @throws IllegalArgumentException when {@code key} is not under {@link KeyFolders#DERIVED}
     * @throws IOException              whatever the store threw; nothing is left behind under the key
     */
    default BlobInfo putRecomputable(String key, byte[] content) throws IOException {
        KeyFolders.requireRecomputable(key);
        return put(key, new ByteArrayInputStream(content));
    }

    /**
     * Opens the bytes of {@code range}; a range running past the end yields the bytes up to the end.
     * The caller closes the stream.
     *
     * @throws BlobNotFoundException when no object is stored under {@code key}
     * @throws IOException           when the store cannot be read
     */
    InputStream open(String key, ByteRange range) throws IOException;

    /**
     * @return the object's size and modification time, or empty when no object is stored under {@code key}
     * @throws IOException when the store cannot be asked
     */
    Optional<BlobInfo> stat(String key) throws IOException;

    /**
     * Removes the object under {@code key}.
     *
     * @return whether an object was there
     * @throws IOException when the store refused or could not be reached; the object may still be there
     */
    boolean delete(String key) throws IOException;

    /**
     * Verifies that the store can be used now: reachable, credentials accepted, bucket or folder present and
     * writable. Cheap enough for a readiness probe.
     *
     * @throws IOException naming the cause ({@link StorageUnavailableException} for a remote store)
     */
    void checkAvailable() throws IOException;

    /**
     * Lists the complete objects whose key starts with {@code prefix} (a plain string prefix, as in S3),
     * in no particular order. The caller closes the stream.
     *
     * @throws IOException when the store cannot be listed
     */
    Stream<BlobInfo> list(String prefix) throws IOException;

    /**
     * The address at which anyone may read the object under {@code key} straight from the store, without
     * ChatMedia: an object store's public domain or CDN, as configured. Computed from the key alone: the store is
     * not asked, and the object need not exist.
     *
     * @return empty when the store has no public address (the local disk; an object store without one)
     * @throws InvalidBlobKeyException when {@code key} fails {@link BlobKeys#check(String)}; nothing else
     */
    default Optional<URI> publicUrl(String key) {
        BlobKeys.check(key);
        return Optional.empty();
    }

    /**
     * The inverse of {@link #publicUrl}: the key named by {@code url} (its query and fragment already removed)
     * when it lies under this store's public address. Computed from the text alone: the store is not asked.
     *
     * @return the percent-decoded key, not checked: it may still fail {@link BlobKeys#check(String)}; empty when
     *         the store has no public address or {@code url} is not under it
     * @throws IllegalArgumentException when the key part holds a malformed percent escape
     */
    default Optional<String> keyOfPublicUrl(String url) {
        return Optional.empty();
    }

    /**
     * A short-lived URL at which a client may read the object under {@code key} straight from the store, for
     * answering a read with a redirect instead of streaming the bytes through ChatMedia. The same URL may be
     * handed out again while much of its validity remains. Computed locally: the store is not asked, and the object
     * need not exist (the URL then answers 404).
     *
     * @return empty when the store does not hand reads off: the local disk never does, an object store only when
     *         configured to ({@code serve-mode: redirect})
     * @throws InvalidBlobKeyException when {@code key} fails {@link BlobKeys#check(String)}; nothing else
     */
    default Optional<ExpiringUrl> redirectUrl(String key) {
        BlobKeys.check(key);
        return Optional.empty();
    }

    /**
     * How this store receives an object in pieces over many requests (resumable uploads).
     *
     * @return empty when the store cannot (the default)
     */
    default Optional<ResumableWrites> resumableWrites() {
        return Optional.empty();
    }

    /**
     * The file holding the object under {@code key} on this machine, for answering a read without copying its bytes
     * through the JVM (the container's sendfile). The file is the store's own: read it, never change it.
     *
     * @return empty when the store keeps no local file for its objects (the default), or when no object is stored
     *         under {@code key}
     * @throws InvalidBlobKeyException when {@code key} fails {@link BlobKeys#check(String)}
     * @throws IOException             when the store cannot be asked
     */
    default Optional<Path> localFile(String key) throws IOException {
        BlobKeys.check(key);
        return Optional.empty();
    }
}
