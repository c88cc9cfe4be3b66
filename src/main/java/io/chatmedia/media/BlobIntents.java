package io.chatmedia.media;

import io.chatmedia.lease.Lease;
import io.chatmedia.lease.Leases;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code pending_blob} table: which blobs this process is writing before their media row exists. An intent is
 * written before a blob is put and removed in the transaction that writes the row (or once the blob is removed
 * again), so a process killed in between — the blob renamed into place, the row not yet inserted — leaves a row that
 * names exactly the blob to remove. Nothing else is ever removed for it: files without a row that ChatMedia did not
 * write (the Egg.js server's copied uploads) have no intent.
 *
 * <p>Each intent names this process's incarnation (the node id and random digits, new at every start even with a
 * configured node id); while the process lives it holds the lease {@code (alive, incarnation)}, renewed in the
 * background. An intent whose owner holds no live lease belongs to a dead process: {@link BlobIntentSweeper} removes
 * its blob.
 */
@Component
final class BlobIntents {

    static final String ALIVE = "alive";

    private final JdbcClient jdbc;
    private final Leases leases;
    private final Duration ttl;
    private final String incarnation;
    private Lease alive;

    BlobIntents(JdbcClient jdbc, Leases leases, @Value("${chatmedia.cluster.lease-ttl:15s}") Duration ttl) {
        this.jdbc = jdbc;
        this.leases = leases;
        this.ttl = ttl;
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        this.incarnation = leases.nodeId() + "/" + HexFormat.of().formatHex(random);
    }

    /** This process's owner name on its intents. */
    String incarnation() {
        return incarnation;
    }

    /**
     * Records that this process is about to put a blob under {@code (store, key)}; first makes sure its liveness lease
     * is held, so no sweeper takes the intent for a dead process's.
     *
     * @throws org.springframework.dao.DataAccessException when the database cannot be written
     */
    void add(String store, String key) {
        holdAlive();
        jdbc.sql("INSERT INTO pending_blob (store, storage_key, owner, created_at) VALUES (:store, :key, :owner, :at)")
                .param("store", store)
                .param("key", key)
                .param("owner", incarnation)
                .param("at", System.currentTimeMillis())
                .update();
    }

    /** @return whether this process's intent was there (false: a sweeper took it, or there was none) */
    boolean remove(String store, String key) {
        return removeOwnedBy(store, key, incarnation);
    }

    boolean removeOwnedBy(String store, String key, String owner) {
        return jdbc.sql("DELETE FROM pending_blob WHERE store = :store AND storage_key = :key AND owner = :owner")
                        .param("store", store)
                        .param("key", key)
                        .param("owner", owner)
                        .update()
                == 1;
    }

    /** The owners of intents other than this process. */
    List<String> otherOwners() {
        return jdbc.sql("SELECT DISTINCT owner FROM pending_blob WHERE owner <> :me")
                .param("me", incarnation)
                .query(String.class)
                .list();
    }

    /** Whether {@code owner} (an incarnation) is alive: holds its liveness lease, by the database's clock. */
    boolean isAlive(String owner) {
        return leases.holder(ALIVE, owner).isPresent();
    }

    /** A blob named by an intent. */
    record Intent(String store, String key) {}

    List<Intent> ownedBy(String owner) {
        return jdbc.sql("SELECT store, storage_key FROM pending_blob WHERE owner = :owner")
                .param("owner", owner)
                .query((row, n) -> new Intent(row.getString(1), row.getString(2)))
                .list();
    }

    /** Moves an intent from {@code from} to {@code to}; @return whether it was still {@code from}'s */
    boolean transfer(Intent intent, String from, String to) {
        return jdbc.sql("UPDATE pending_blob SET owner = :to"
                                + " WHERE store = :store AND storage_key = :key AND owner = :from")
                        .param("to", to)
                        .param("store", intent.store())
                        .param("key", intent.key())
                        .param("from", from)
                        .update()
                == 1;
    }

    private synchronized void holdAlive() {
        if (alive == null || alive.lost()) {
            alive = leases.tryAcquire(ALIVE, incarnation, ttl)
                    .orElseThrow(() -> new IllegalStateException("the liveness lease " + incarnation + " is taken"));
        }
    }

    /** Takes the liveness lease when the database is there (otherwise at the first intent); never released: it expires. */
    void start() {
        try {
            holdAlive();
        } catch (RuntimeException e) {
            // the database is down at start: taken with the first intent
        }
    }
}
