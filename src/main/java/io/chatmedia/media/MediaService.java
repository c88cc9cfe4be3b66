package io.chatmedia.media;

import io.chatmedia.security.Caller;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records stored blobs as media and removes them again. A blob and its row come and go together: a row is
 * written only for a complete blob, a blob whose row cannot be written is removed, and a delete removes the
 * blob, everything derived from it (via {@link MediaDeleted}) and the row.
 */
@Service
public class MediaService {

    private static final Logger log = LoggerFactory.getLogger(MediaService.class);

    private final MediaRepository repository;
    private final BlobStores stores;
    private final ApplicationEventPublisher events;
    private final BlobIntents intents;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MediaService(
            MediaRepository repository,
            BlobStores stores,
            ApplicationEventPublisher events,
            BlobIntents intents,
            TransactionTemplate transactions) {
        this.repository = repository;
        this.stores = stores;
        this.events = events;
        this.intents = intents;
        this.transactions = transactions;
        this.clock = Clock.systemUTC();
    }

    /**
     * Records that a blob is about to be put under {@code key}, before any byte is written: a process that dies before
     * the blob's row is written leaves this intent, and the blob is removed after its death (see
     * {@link BlobIntentSweeper}). Every blob later given to {@link #record} must have been announced here; one that
     * fails before is given to {@link #discard}.
     *
     * @throws org.springframework.dao.DataAccessException when the database cannot be written (nothing was stored)
     */
    public void intend(BlobStore store, String key) {
        intents.add(store.name(), key);
    }

    /**
     * Removes an announced blob that will get no row (a failed or refused upload), then its intent. When the store
     * cannot remove it, the intent stays, so the blob is removed after this process is gone.
     */
    public void discard(BlobStore store, String key) {
        try {
            store.delete(key);
        } catch (IOException e) {
            log.error("could not remove blob {} of a failed upload; removed after the next restart", key, e);
            return;
        }
        try {
            intents.remove(store.name(), key);
        } catch (RuntimeException e) {
            log.warn(
                    "could not remove the intent of removed blob {}; settled after the next restart: {}",
                    key,
                    e.toString());
        }
    }

    /**
     * Writes the row for a stored blob announced with {@link #intend}, removing the intent in the same transaction.
     *
     * @throws RuntimeException whatever the database threw; the blob has been removed
     * @throws ApiException     503 when the intent was taken by a sweeper (this process was thought dead)
     */
    public Media record(Caller caller, StoredBlob blob, String originalName, long imageClassId) {
        return record(describe(caller, blob, originalName, imageClassId), blob);
    }

    /** The item a stored blob becomes, not yet recorded (to be probed first). */
    public Media describe(Caller caller, StoredBlob blob, String originalName, long imageClassId) {
        return new Media(
                newId(),
                caller.id(),
                caller.role().label(),
                blob.store().name(),
                blob.key(),
                trimName(originalName),
                blob.contentType(),
                MediaKind.of(blob.contentType()),
                blob.size(),
                blob.sha256(),
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS),
                imageClassId,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * Writes the row of {@code media}, described from {@code blob} (and probed).
     *
     * @throws RuntimeException whatever the database threw; the blob has been removed
     */
    public Media record(Media media, StoredBlob blob) {
        try {
            transactions.executeWithoutResult(status -> {
                if (!intents.remove(blob.store().name(), blob.key())) {
                    throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the upload was interrupted, send it again");
                }
                repository.insert(media);
            });
            return media;
        } catch (RuntimeException e) {
            deleteBlobQuietly(blob.store(), blob.key(), e);
            throw e;
        }
    }

    public Optional<Media> find(String id) {
        return repository.findById(id);
    }

    public Media get(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("no media with id " + id));
    }

    /**
     * Removes a media item: only its owner may.
     *
     * @throws ApiException 404 when there is no such item, 403 when the caller does not own it, 503 when the
     *                      store cannot remove the blob (the row is kept, so a retry can finish the job)
     */
    public void delete(Caller caller, String id) {
        Media media = get(id);
        if (!media.ownerId().equals(caller.id())) {
            throw ApiException.forbidden("only the owner may delete this media");
        }
        BlobStore store = stores.byName(media.store())
                .orElseThrow(() -> new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "the store '" + media.store() + "' is not configured on this server"));
        try {
            events.publishEvent(new MediaDeleted(media));
        } catch (UncheckedIOException e) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "the store could not delete the media's derived results, try again",
                    e);
        }
        try {
            store.delete(media.storageKey());
        } catch (IOException e) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE, "the store could not delete the media, try again", e);
        }
        repository.delete(id);
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * The client's name as it may be recorded: control characters (NUL, CR, LF...) dropped, at most 255 code points
     * (the end kept, with the extension), null when nothing is left.
     */
    public static String trimName(String name) {
        if (name == null) {
            return null;
        }
        int[] kept = name.codePoints().filter(c -> !Character.isISOControl(c)).toArray();
        if (kept.length == 0) {
            return null;
        }
        int from = Math.max(0, kept.length - 255);
        return new String(kept, from, kept.length - from);
    }

    private void deleteBlobQuietly(BlobStore store, String key, RuntimeException cause) {
        try {
            store.delete(key);
        } catch (IOException e) {
            cause.addSuppressed(e);
            log.error("could not remove blob {} after its row failed; removed after the next restart", key, e);
            return;
        }
        try {
            intents.remove(store.name(), key);
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // the database is down: the intent of a removed blob is settled after a restart
        }
    }
}
