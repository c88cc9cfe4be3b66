package io.chatmedia.resumable;

import io.chatmedia.lease.Lease;
import io.chatmedia.lease.Leases;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code max-pending} exact: a user's creations, on every node, are counted and inserted one at a time under
 * the user's lease ({@link Leases}, name {@value #LEASE}, key the user's id), so two creations at once can no longer
 * both see room for one more. A creation that finds the lease held waits for it (creations are short); when it is
 * still held after {@link #WAIT}, the creation is refused with 429 like one over the limit.
 */
@Component
class PendingLimit {

    static final String LEASE = "tus-create";
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 20;

    /** A creation that runs under the lease: begins the store's object and inserts the row. */
    @FunctionalInterface
    interface Creation<T> {
        T run() throws IOException;
    }

    private final Leases leases;
    private final TusUploadRepository repository;
    private final ResumableProperties properties;

    PendingLimit(Leases leases, TusUploadRepository repository, ResumableProperties properties) {
        this.leases = leases;
        this.repository = repository;
        this.properties = properties;
    }

    /**
     * Runs {@code creation} when the user has fewer than {@code max-pending} unfinished uploads.
     *
     * @throws TusException 429 over the limit, or when other creations of the same user kept the lease for too long
     * @throws IOException  what the creation threw (the lease is released either way)
     */
    <T> T admit(String ownerId, Creation<T> creation) throws IOException {
        try (Lease lease = acquire(ownerId)) {
            if (repository.countPending(ownerId) >= properties.maxPending()) {
                throw new TusException(
                        429,
                        "too many unfinished uploads (at most " + properties.maxPending() + "): finish or delete one");
            }
            return creation.run();
        }
    }

    private Lease acquire(String ownerId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<Lease> lease = leases.tryAcquire(LEASE, ownerId, TTL);
            if (lease.isPresent()) {
                return lease.get();
            }
            if (System.nanoTime() > deadline) {
                throw new TusException(429, "other uploads of this user are being created; try again shortly");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TusException(503, "interrupted while waiting to create the upload");
            }
        }
    }
}
