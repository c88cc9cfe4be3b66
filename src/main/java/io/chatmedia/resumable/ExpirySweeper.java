package io.chatmedia.resumable;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Removes uploads past their expiry (database clock): an unfinished one with every piece it stored, a finished one's
 * row (its media item stays). Safe on any number of nodes: each sweep claims the rows it removes with a conditional
 * UPDATE, so two nodes never work on the same upload, and an upload a request is writing is left for later.
 */
@Component
class ExpirySweeper implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final int BATCH = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TusUploadRepository repository;
    private final TusService uploads;
    private final ResumableProperties properties;
    private final TaskScheduler scheduler;

    ExpirySweeper(
            TusUploadRepository repository,
            TusService uploads,
            ResumableProperties properties,
            TaskScheduler scheduler) {
        this.repository = repository;
        this.uploads = uploads;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @Override
    public void afterSingletonsInstantiated() {
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, properties.sweepInterval());
    }

    /** One sweep; @return how many uploads were removed */
    int sweep() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        int removed = 0;
        List<TusUpload> batch;
        do {
            batch = repository.claimExpired(token, properties.claimTtl().toMillis(), BATCH);
            for (TusUpload upload : batch) {
                try {
                    uploads.remove(upload, token);
                    removed++;
                } catch (Exception e) {
                    repository.release(upload.id(), token);
                    log.warn("could not remove expired upload {}: {}", upload.id(), e.toString());
                    return removed;
                }
            }
        } while (batch.size() == BATCH);
        if (removed > 0) {
            log.info("removed {} expired resumable uploads", removed);
        }
        return removed;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("expired upload sweep failed: {}", e.toString());
        }
    }
}
