package io.chatmedia.storage;

import java.io.IOException;
import java.io.InputStream;
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
}
