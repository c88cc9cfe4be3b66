package io.chatmedia.lease;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lease held by this node: renewed in the background while the work runs, released by {@link #close()}. A
 * renewal that finds the lease taken over (this node stalled past its expiry) marks it {@link #lost()}.
 */
public final class Lease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lease.class);

    /** Who holds a lease and for how much longer, by the database's clock. */
    public record Holder(String owner, Duration remaining) {}

    private final LeaseTable table;
    private final String name;
    private final String key;
    private final String token;
    private final Duration ttl;
    private volatile ScheduledFuture<?> renewal;
    private volatile boolean lost;
    private volatile boolean closed;

    Lease(LeaseTable table, String name, String key, String token, Duration ttl) {
        this.table = table;
        this.name = name;
        this.key = key;
        this.token = token;
        this.ttl = ttl;
    }

    void renewWith(ScheduledFuture<?> renewal) {
        this.renewal = renewal;
    }

    void renew() {
        if (closed || lost) {
            return;
        }
        try {
            if (!table.renew(name, key, token, ttl)) {
                lost = true;
                log.warn("lease {}/{} was taken over before it could be renewed", name, key);
                stopRenewing();
            }
        } catch (RuntimeException e) {
            log.warn("could not renew lease {}/{}: {}", name, key, e.toString()); // tried again at the next tick
        }
    }

    /** Whether another node took the lease over after it expired. */
    public boolean lost() {
        return lost;
    }

    /** Stops renewing and leaves the lease to expire at its time: a job done, not to be run again before then. */
    public void keepUntilExpiry() {
        closed = true;
        stopRenewing();
    }

    /** Stops renewing and releases the lease, so others may take it at once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopRenewing();
        try {
            table.release(name, key, token);
        } catch (RuntimeException e) {
            log.warn("could not release lease {}/{} (it expires by itself): {}", name, key, e.toString());
        }
    }

    private void stopRenewing() {
        ScheduledFuture<?> running = renewal;
        if (running != null) {
            running.cancel(false);
        }
    }
}
