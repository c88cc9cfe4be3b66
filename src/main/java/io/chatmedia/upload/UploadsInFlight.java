package io.chatmedia.upload;

import io.chatmedia.security.Caller;
import io.chatmedia.system.ApiException;
import io.chatmedia.system.TransferProperties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Uploads in flight per user ({@code chatmedia.transfers.per-user-uploads}): one token spread over many addresses
 * cannot hold more request threads than that. Over it is a 429 with {@code Retry-After}, decided before the body is
 * read.
 */
@Component
class UploadsInFlight {

    private final int perUser;
    private final long retryAfterSeconds;
    private final ConcurrentHashMap<String, AtomicInteger> byUser = new ConcurrentHashMap<>();

    UploadsInFlight(TransferProperties properties) {
        this.perUser = properties.perUserUploads();
        this.retryAfterSeconds = properties.retryAfter().toSeconds();
    }

    /** A slot for one upload of {@code caller}; close it when the upload is over. */
    Slot acquire(Caller caller) {
        String user = caller.role() + ":" + caller.id();
        AtomicInteger count = byUser.compute(user, (k, v) -> {
            AtomicInteger c = v == null ? new AtomicInteger() : v;
            c.incrementAndGet();
            return c;
        });
        Slot slot = () -> byUser.computeIfPresent(user, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
        if (count.get() > perUser) {
            slot.close();
            throw ApiException.tooManyRequests(
                    "too many uploads in progress: your " + perUser + " concurrent uploads are taken, retry later",
                    retryAfterSeconds);
        }
        return slot;
    }

    interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}
