package io.chatmedia.resumable;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaService;
import io.chatmedia.security.Caller;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.storage.KeyFolders;
import io.chatmedia.storage.ResumableWrites;
import io.chatmedia.system.ApiException;
import io.chatmedia.upload.StorageKeys;
import io.chatmedia.upload.UploadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Resumable uploads (tus 1.0) over {@link ResumableWrites}: creation, appending, completion and termination. Only the
 * creator sees an upload (anyone else gets 404, as if it did not exist). A request that writes claims the upload's
 * row first ({@link TusUploadRepository#claim}): a second request on any node meanwhile is refused with 423.
 */
@Service
class TusService {

    private static final Logger log = LoggerFactory.getLogger(TusService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TusUploadRepository repository;
    private final BlobStores stores;
    private final StorageKeys keys;
    private final UploadLimits limits;
    private final DigestCache digests;
    private final TusCompletion completion;
    private final MediaService media;
    private final ResumableProperties properties;
    private final PendingLimit pendingLimit;

    TusService(
            TusUploadRepository repository,
            BlobStores stores,
            StorageKeys keys,
            UploadLimits limits,
            DigestCache digests,
            TusCompletion completion,
            MediaService media,
            ResumableProperties properties,
            PendingLimit pendingLimit) {
        this.repository = repository;
        this.stores = stores;
        this.keys = keys;
        this.limits = limits;
        this.digests = digests;
        this.completion = completion;
        this.media = media;
        this.properties = properties;
        this.pendingLimit = pendingLimit;
    }

    /** A request's bytes for an upload. */
    record Chunk(long offset, InputStream body, long declaredLength, UploadChecksum checksum, Long lengthNowKnown) {}

    /** Where an upload stands after a request. */
    record Status(TusUpload upload, Media media) {}

    long maxSize(Caller caller) {
        return limits.maxBytes(caller);
    }

    /** {@code Tus-Max-Size} for a request that may carry no token: the caller's limit, or else the largest one. */
    long maxSize(Optional<Caller> caller) {
        return caller.map(limits::maxBytes).orElseGet(limits::largestMaxBytes);
    }

    /**
     * Creates an upload.
     *
     * @param length the declared length, or null for a deferred one
     * @throws TusException 413 over the caller's limit, 429 over the pending uploads allowed ({@link PendingLimit})
     */
    TusUpload create(Caller caller, Long length, UploadMetadata metadata) throws IOException {
        long max = limits.maxBytes(caller);
        if (length != null && length > max) {
            throw TusException.tooLarge("Upload-Length exceeds the upload limit of " + max + " bytes");
        }
        return pendingLimit.admit(caller.id(), () -> {
            TusUpload upload = begin(caller, length, max, metadata);
            return repository.find(upload.id()).orElseThrow();
        });
    }

    /** Begins the store's object and inserts the upload's row; the object is aborted when the row cannot be. */
    private TusUpload begin(Caller caller, Long length, long max, UploadMetadata metadata) throws IOException {
        BlobStore store = stores.primary();
        ResumableWrites writes = writesOf(store);
        String filename = MediaService.trimName(metadata.filename());
        String key = keys.dated(KeyFolders.NATIVE, filename);
        String state = writes.begin(key);
        TusUpload upload = new TusUpload(
                newId(),
                caller.id(),
                caller.role().label(),
                store.name(),
                key,
                length,
                max,
                0,
                metadata.raw(),
                filename,
                state,
                0,
                0,
                false,
                null,
                false);
        try {
            repository.insert(upload, properties.expiry().toMillis());
        } catch (RuntimeException e) {
            writes.abort(key, state);
            throw e;
        }
        return upload;
    }

    /** The caller's own upload; @throws TusException 404 for anyone else's or none, 410 when it expired */
    TusUpload owned(Caller caller, String id) {
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            throw TusException.notFound();
        }
        TusUpload upload =
                repository.find(id).filter(u -> u.ownerId().equals(caller.id())).orElseThrow(TusException::notFound);
        if (upload.expired() && !upload.complete()) {
            throw new TusException(410, "the upload expired");
        }
        return upload;
    }

    /**
     * The upload as HEAD reports it: on a store that appends in place, bytes a request stored before its process died
     * are counted in (when no other request is writing).
     */
    TusUpload head(Caller caller, String id) throws IOException {
        TusUpload upload = owned(caller, id);
        if (upload.complete()) {
            return upload;
        }
        ResumableWrites writes = writesOf(storeOf(upload));
        if (writes.stored(upload.storageKey(), upload.storeState(), upload.offset()) == upload.offset()) {
            return upload;
        }
        String token = newId();
        if (!repository.claim(id, token, claimTtl())) {
            return upload;
        }
        try {
            return recover(repository.find(id).orElseThrow(TusException::notFound), writes, token);
        } finally {
            repository.release(id, token);
        }
    }

    /**
     * Appends one request's bytes; completes the upload when they reach its length. The upload is claimed and read
     * in one statement, and a request that does not complete it records its progress and lets it go in one more.
     */
    Status append(Caller caller, String id, Chunk chunk) throws IOException {
        String token = newId();
        TusUpload claimed = claimOwn(caller, id, token);
        boolean released = false;
        try {
            if (claimed.complete()) {
                throw TusException.conflict("the upload is complete already");
            }
            if (claimed.expired()) {
                throw new TusException(410, "the upload expired");
            }
            BlobStore store = storeOf(claimed);
            ResumableWrites writes = writesOf(store);
            TusUpload upload = recover(claimed, writes, token);
            if (chunk.offset() != upload.offset()) {
                throw TusException.conflict(
                        "Upload-Offset " + chunk.offset() + " does not match the upload's offset " + upload.offset());
            }
            Long length = lengthOf(upload, chunk.lengthNowKnown());
            long limit = length != null ? length : upload.maxLength();
            String tooMany = length != null
                    ? "the chunk would pass Upload-Length " + length
                    : "file exceeds the upload limit of " + upload.maxLength() + " bytes";
            if (chunk.declaredLength() >= 0 && upload.offset() + chunk.declaredLength() > limit) {
                throw TusException.tooLarge(tooMany);
            }
            // null: this node has no running hash for the upload and cannot rebuild it; hashed at completion
            RunningSha256 running = digestOf(upload, writes);
            if (running != null) {
                // kept at the offset it stands for: a request that breaks before storing anything leaves it there
                digests.put(id, upload.offset(), running.copy());
            }
            RunningSha256 working = running != null && chunk.checksum() != null ? running.copy() : running;
            MessageDigest check = chunk.checksum() != null ? chunk.checksum().newDigest() : null;
            ChunkInput.Hasher hasher = working != null ? working::update : ChunkInput.Hasher.NONE;
            ChunkInput in = new ChunkInput(chunk.body(), limit - upload.offset(), tooMany, hasher, check, () -> {
                if (!repository.renew(id, token, claimTtl())) {
                    throw new IOException("the upload was taken over by another request");
                }
            });
            // At a checkpoint the hash has taken exactly the bytes stored: remembered, a retry after a broken
            // request on this node continues it.
            ResumableWrites.Checkpoint checkpoint = chunk.checksum() != null
                    ? null
                    : progress -> {
                        saveProgress(upload, token, progress, length);
                        if (working != null) {
                            digests.put(id, progress.offset(), working.copy());
                        }
                    };
            if (chunk.checksum() != null) {
                repository.markUnverified(id, token, true);
            }
            ResumableWrites.Progress progress;
            try {
                progress = writes.append(
                        upload.storageKey(),
                        upload.storeState(),
                        upload.offset(),
                        in,
                        chunk.declaredLength(),
                        length,
                        checkpoint);
            } catch (IOException | RuntimeException e) {
                keepWhatWasStored(upload, writes, token, chunk.checksum() != null, length);
                if (e instanceof ChunkInput.TooMany) {
                    throw TusException.tooLarge(e.getMessage());
                }
                throw e;
            }
            if (chunk.checksum() != null && !chunk.checksum().matches(check)) {
                writes.truncate(
                        upload.storageKey(), new ResumableWrites.Progress(upload.offset(), upload.storeState()));
                throw new TusException(
                        TusException.CHECKSUM_MISMATCH,
                        "Upload-Checksum does not match the chunk's "
                                + chunk.checksum().algorithm() + "; the chunk was discarded");
            }
            TusUpload now = upload.progressed(progress.offset(), progress.state(), length);
            if (length != null && progress.offset() == length) {
                saveProgress(upload, token, progress, length);
                if (chunk.checksum() != null) {
                    repository.markUnverified(id, token, false);
                }
                Media recorded = finish(now, store, writes, working, token);
                released = true; // the completion let it go
                return new Status(now, recorded);
            }
            if (!repository.saveProgressAndRelease(id, token, progress.offset(), progress.state(), length)) {
                throw new IOException("the upload was taken over by another request");
            }
            released = true;
            if (working != null) {
                digests.put(id, progress.offset(), working);
            }
            return new Status(now, null);
        } finally {
            if (!released) {
                repository.release(id, token);
            }
        }
    }

    /**
     * Claims the caller's own upload for a request that writes it.
     *
     * @throws TusException 404 for anyone else's or none, 410 when it expired unfinished, 409 when it is complete,
     *                      423 while another request holds it
     */
    private TusUpload claimOwn(Caller caller, String id, String token) {
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            throw TusException.notFound();
        }
        Optional<TusUpload> claimed = repository.claimOwn(id, caller.id(), token, claimTtl());
        if (claimed.isPresent()) {
            return claimed.get();
        }
        if (owned(caller, id).complete()) {
            throw TusException.conflict("the upload is complete already");
        }
        throw new TusException(423, "the upload is being written by another request; try again shortly");
    }

    /** The media item a complete upload became; finishes an upload whose last byte came but whose completion failed. */
    Status result(Caller caller, String id) throws IOException {
        TusUpload upload = owned(caller, id);
        if (upload.complete()) {
            return new Status(upload, media.get(upload.mediaId()));
        }
        if (upload.length() == null || upload.offset() != upload.length()) {
            throw TusException.conflict("the upload is not finished: " + upload.offset() + " bytes received");
        }
        String token = newId();
        if (!repository.claim(id, token, claimTtl())) {
            throw new TusException(423, "the upload is being completed by another request; try again shortly");
        }
        try {
            BlobStore store = storeOf(upload);
            ResumableWrites writes = writesOf(store);
            return new Status(upload, finish(upload, store, writes, digestOf(upload, writes), token));
        } finally {
            repository.release(id, token);
        }
    }

    /** Removes an upload and everything it stored; 423 while a request writes it. */
    void terminate(Caller caller, String id) throws IOException {
        TusUpload upload = owned(caller, id);
        String token = newId();
        if (!repository.claim(id, token, claimTtl())) {
            throw new TusException(423, "the upload is being written by another request; try again shortly");
        }
        try {
            remove(upload, token);
        } finally {
            repository.release(id, token);
        }
    }

    /** Removes the pieces (when unfinished) and the row of an upload claimed with {@code token}. */
    void remove(TusUpload upload, String token) throws IOException {
        if (!upload.complete()) {
            Optional<BlobStore> store = stores.byName(upload.store());
            if (store.isPresent()) {
                writesOf(store.get()).abort(upload.storageKey(), upload.storeState());
            }
        }
        digests.forget(upload.id());
        repository.delete(upload.id(), token);
    }

    private Media finish(TusUpload upload, BlobStore store, ResumableWrites writes, RunningSha256 sha, String token)
            throws IOException {
        Media recorded = completion.complete(upload, store, writes, sha != null ? sha.hex() : null, () -> {
            if (!repository.renew(upload.id(), token, claimTtl())) {
                throw new IOException("the upload was taken over by another request while it was completed");
            }
        });
        digests.forget(upload.id());
        if (!repository.markComplete(upload.id(), token, recorded.id())) {
            log.warn("upload {} became media {} after its claim lapsed", upload.id(), recorded.id());
        }
        return recorded;
    }

    /** Bytes stored by a request whose process died (appending stores) become the upload's offset. */
    private TusUpload recover(TusUpload upload, ResumableWrites writes, String token) throws IOException {
        long stored = writes.stored(upload.storageKey(), upload.storeState(), upload.offset());
        if (stored == upload.offset()) {
            if (upload.unverified()) {
                repository.markUnverified(upload.id(), token, false);
            }
            return upload;
        }
        long limit =
                upload.unverified() ? upload.offset() : upload.length() == null ? upload.maxLength() : upload.length();
        long kept = Math.min(stored, limit);
        if (kept != stored) {
            writes.truncate(upload.storageKey(), new ResumableWrites.Progress(kept, upload.storeState()));
        }
        digests.forget(upload.id());
        saveProgress(upload, token, new ResumableWrites.Progress(kept, upload.storeState()), upload.length());
        repository.markUnverified(upload.id(), token, false);
        return repository.find(upload.id()).orElseThrow(TusException::notFound);
    }

    /** After a failed request: what the store holds stays (a refused checksum chunk goes). */
    private void keepWhatWasStored(
            TusUpload upload, ResumableWrites writes, String token, boolean discard, Long length) {
        try {
            if (discard) {
                writes.truncate(
                        upload.storageKey(), new ResumableWrites.Progress(upload.offset(), upload.storeState()));
                return;
            }
            TusUpload now = repository.find(upload.id()).orElse(upload);
            long stored = writes.stored(now.storageKey(), now.storeState(), now.offset());
            if (stored != now.offset()) {
                saveProgress(now, token, new ResumableWrites.Progress(stored, now.storeState()), length);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not record what upload {} stored before failing: {}", upload.id(), e.toString());
        }
    }

    private void saveProgress(TusUpload upload, String token, ResumableWrites.Progress progress, Long length)
            throws IOException {
        if (!repository.saveProgress(upload.id(), token, progress.offset(), progress.state(), length, claimTtl())) {
            throw new IOException("the upload was taken over by another request");
        }
    }

    private static Long lengthOf(TusUpload upload, Long lengthNowKnown) {
        if (lengthNowKnown == null) {
            return upload.length();
        }
        if (upload.length() != null) {
            if (!upload.length().equals(lengthNowKnown)) {
                throw TusException.badRequest("Upload-Length cannot change once known");
            }
            return upload.length();
        }
        if (lengthNowKnown > upload.maxLength()) {
            throw TusException.tooLarge("Upload-Length exceeds the upload limit of " + upload.maxLength() + " bytes");
        }
        if (lengthNowKnown < upload.offset() || lengthNowKnown == 0) {
            throw TusException.badRequest("Upload-Length is less than what was received");
        }
        return lengthNowKnown;
    }

    /**
     * The running SHA-256 at the upload's offset: this node's (kept from its last request on the upload), or read
     * again from the store's pieces; null when neither is possible (an object store's upload that another node or
     * process began), and then the finished object is hashed at completion.
     */
    private RunningSha256 digestOf(TusUpload upload, ResumableWrites writes) throws IOException {
        RunningSha256 cached = digests.take(upload.id(), upload.offset());
        if (cached != null) {
            return cached;
        }
        RunningSha256 sha = RunningSha256.start();
        if (upload.offset() == 0) {
            return sha;
        }
        Optional<InputStream> pieces = writes.openStored(upload.storageKey(), upload.storeState(), upload.offset());
        if (pieces.isEmpty()) {
            return null;
        }
        try (InputStream stored = pieces.get()) {
            byte[] buffer = new byte[128 * 1024];
            long total = 0;
            int n;
            while ((n = stored.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                total += n;
            }
            if (total != upload.offset()) {
                throw new IOException("the upload's pieces hold " + total + " bytes, not " + upload.offset());
            }
        }
        return sha;
    }

    private BlobStore storeOf(TusUpload upload) {
        return stores.byName(upload.store())
                .orElseThrow(() -> new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "the store '" + upload.store() + "' is not configured on this server"));
    }

    private static ResumableWrites writesOf(BlobStore store) {
        return store.resumableWrites()
                .orElseThrow(() ->
                        new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the store cannot take resumable uploads"));
    }

    private long claimTtl() {
        return properties.claimTtl().toMillis();
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
