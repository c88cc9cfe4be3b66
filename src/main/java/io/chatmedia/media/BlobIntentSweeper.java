package io.chatmedia.media;

import io.chatmedia.lease.Leases;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.BlobStores;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes the blobs of uploads whose process died between putting the blob and writing its row (a {@code kill -9},
 * a power cut): at start and every {@code chatmedia.cluster.lease-ttl}, one node at a time, for every intent whose
 * owner no longer holds its liveness lease. A dead process's lease outlives it by at most one lease-ttl, so after a
 * crash its blobs are gone within about two lease-ttls of the next start (30 s by default). Each intent is first
 * taken over (one statement: the dead owner's, or nobody's), so the upload can no longer write its row, then its
 * blob removed unless a row names it, then the intent. A blob the store cannot remove now is handed back, to be tried
 * at the next run. Only blobs named by an intent are ever removed: row-less files ChatMedia did not write (the Egg.js
 * server's copied uploads) are never touched.
 */
@Component
class BlobIntentSweeper {

    private static final Logger log = LoggerFactory.getLogger(BlobIntentSweeper.class);

    private final BlobIntents intents;
    private final MediaRepository rows;
    private final BlobStores stores;
    private final Leases leases;
    private final Duration hold;

    BlobIntentSweeper(
            BlobIntents intents,
            MediaRepository rows,
            BlobStores stores,
            Leases leases,
            @Value("${chatmedia.cluster.lease-ttl:15s}") Duration ttl) {
        this.intents = intents;
        this.rows = rows;
        this.stores = stores;
        this.leases = leases;
        this.hold = ttl.dividedBy(2);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${chatmedia.cluster.lease-ttl:15s}")
    void sweepDeadUploads() {
        intents.start();
        leases.runExclusively("job", "blob-intent-sweep", hold, this::sweep);
    }

    /** @return how many intents of dead processes were settled */
    int sweep() {
        int settled = 0;
        for (String owner : intents.otherOwners()) {
            if (intents.isAlive(owner)) {
                continue;
            }
            for (BlobIntents.Intent intent : intents.ownedBy(owner)) {
                if (intents.transfer(intent, owner, intents.incarnation()) && settle(intent, owner)) {
                    settled++;
                }
            }
        }
        if (settled > 0) {
            log.info("removed the blobs of {} uploads interrupted before their row was written", settled);
        }
        return settled;
    }

    private boolean settle(BlobIntents.Intent intent, String deadOwner) {
        Optional<BlobStore> store = stores.byName(intent.store());
        try {
            if (store.isEmpty()) {
                throw new IOException("the store '" + intent.store() + "' is not configured on this server");
            }
            if (rows.findByStoreKey(intent.store(), intent.key()).isEmpty()) {
                store.get().delete(intent.key());
            }
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "could not remove interrupted upload {}:{}, tried again later: {}",
                    intent.store(),
                    intent.key(),
                    e.toString());
            intents.transfer(intent, intents.incarnation(), deadOwner);
            return false;
        }
        intents.remove(intent.store(), intent.key());
        return true;
    }
}
