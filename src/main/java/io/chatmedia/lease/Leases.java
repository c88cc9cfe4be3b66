package io.chatmedia.lease;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-node mutual exclusion on the metadata database, Synapse's pattern: a row {@code (name, key, owner,
 * expires_at)} taken with an insert-if-absent-or-expired, renewed while the work runs, released at the end. A node
 * that dies leaves a row that expires and is taken over. No other infrastructure: the database all nodes share.
 *
 * <p>Two uses: work many nodes may be asked for at once (a derived result: the others wait for it, see
 * {@code process.DerivedResults}), and periodic jobs ({@link #runExclusively}: the others skip their turn).
 */
public final class Leases {

    private static final Logger log = LoggerFactory.getLogger(Leases.class);
    private static final Duration LEAST_RENEWAL = Duration.ofMillis(200);

    private final LeaseTable table;
    private final String nodeId;
    private final ScheduledExecutorService renewals;

    public Leases(DataSource dataSource, String nodeId) {
        this.table = new LeaseTable(dataSource);
        this.nodeId = nodeId;
        this.renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** This node's id, written as the owner of every lease it takes. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Takes the lease {@code (name, key)} for {@code ttl} when nobody holds it or its holder let it expire; renewed
     * every third of {@code ttl} until closed.
     *
     * @return empty when another holder's lease has not expired (by the database's clock)
     * @throws org.springframework.dao.DataAccessException when the database cannot be reached
     */
    public Optional<Lease> tryAcquire(String name, String key, Duration ttl) {
        String token = UUID.randomUUID().toString();
        if (!table.tryTake(name, key, nodeId, token, ttl)) {
            return Optional.empty();
        }
        Lease lease = new Lease(table, name, key, token, ttl);
        long every = Math.max(LEAST_RENEWAL.toMillis(), ttl.toMillis() / 3);
        lease.renewWith(renewals.scheduleWithFixedDelay(lease::renew, every, every, TimeUnit.MILLISECONDS));
        return Optional.of(lease);
    }

    /**
     * Runs a periodic job on one node at a time: when the lease {@code (job, key)} is free, takes it, runs the job and
     * keeps the lease until {@code holdFor} after the last renewal, so other nodes skip their turns until then; when it
     * is held, skips. Never throws: a database that is down skips the run (the next one tries again).
     *
     * @return whether the job ran here
     */
    public boolean runExclusively(String job, String key, Duration holdFor, Runnable work) {
        Optional<Lease> lease;
        try {
            lease = tryAcquire(job, key, holdFor);
        } catch (RuntimeException e) {
            log.warn("skipped {}: cannot take its lease: {}", job, e.toString());
            return false;
        }
        if (lease.isEmpty()) {
            log.debug("skipped {}: another node runs it", job);
            return false;
        }
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", job, e.toString());
        } finally {
            lease.get().keepUntilExpiry();
        }
        return true;
    }

    /** Who holds {@code (name, key)} now, by the database's clock. */
    public Optional<Lease.Holder> holder(String name, String key) {
        return table.holder(name, key);
    }

    /** Removes leases that expired longer ago than {@code age}. */
    public int purgeExpired(Duration age) {
        return table.purgeExpired(age);
    }

    public void shutdown() {
        renewals.shutdownNow();
    }
}
