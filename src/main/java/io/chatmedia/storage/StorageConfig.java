package io.chatmedia.storage;

import io.chatmedia.lease.Leases;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import io.chatmedia.storage.s3.S3BlobStore;
import io.chatmedia.storage.s3.S3Properties;
import io.chatmedia.system.ChatMediaProperties;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Wires the stores: local disk under {@code <data-dir>/public/uploads} (the seed's public folder), and the object
 * store as the primary one when it is configured.
 */
@Configuration
class StorageConfig {

    private static final Logger log = LoggerFactory.getLogger(StorageConfig.class);
    private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

    private static final Duration TEMP_SWEEP_HOLD = Duration.ofMinutes(50);

    private final Leases leases;
    private LocalDiskBlobStore local;
    private volatile boolean startSweepDone;

    StorageConfig(Leases leases) {
        this.leases = leases;
    }

    @Bean
    LocalDiskBlobStore localDiskBlobStore(ChatMediaProperties properties) throws IOException {
        local = new LocalDiskBlobStore(properties.dataDir().resolve("public").resolve("uploads"));
        return local;
    }

    /** The seed's folder is configured with the object store ({@code prefix}), and used whether or not it is on. */
    @Bean
    KeyFolders keyFolders(S3Properties s3) {
        return new KeyFolders(s3.prefix());
    }

    @Bean
    BlobStores blobStores(LocalDiskBlobStore local, ObjectProvider<S3BlobStore> s3) {
        S3BlobStore objectStore = s3.getIfAvailable();
        return new BlobStores(local, objectStore != null ? objectStore : local);
    }

    /**
     * Temporary files of uploads that a killed process never finished: at start every one written before this process
     * started (one process writes into a data dir), then hourly those older than an hour. The folder is this node's own
     * disk, so the lease is per node (one sweep of a folder at a time, never skipped for another node's sweep); the
     * start-up sweep takes none (a configured node id keeps its lease across a quick restart).
     */
    @Scheduled(initialDelay = 0, fixedDelay = 3_600_000)
    void sweepStaleTemporaryFiles() {
        if (!startSweepDone) {
            startSweepDone = true;
            sweepTemporaryFiles(
                    Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
            return;
        }
        leases.runExclusively(
                "job",
                "local-temp-sweep/" + leases.nodeId(),
                TEMP_SWEEP_HOLD,
                () -> sweepTemporaryFiles(Instant.now().minus(STALE_TEMP_AGE)));
    }

    private void sweepTemporaryFiles(Instant cutoff) {
        try {
            int removed = local.sweepTemporaryFilesBefore(cutoff);
            if (removed > 0) {
                log.info("removed {} stale temporary upload files", removed);
            }
        } catch (IOException e) {
            log.warn("could not sweep temporary upload files: {}", e.toString());
        }
    }
}
