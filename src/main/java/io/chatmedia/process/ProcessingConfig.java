package io.chatmedia.process;

import io.chatmedia.storage.BlobStores;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The processing machinery shared by video covers and image processing: the worker pool
 * ({@code chatmedia.process.workers}, default the core count; {@code queue-limit}, default 64; {@code deadline},
 * default 30 s) and the derived-result cache on the primary store.
 */
@Configuration
class ProcessingConfig {

    @Bean(destroyMethod = "shutdown")
    WorkerPool workerPool(
            @Value("${chatmedia.process.workers:0}") int workers,
            @Value("${chatmedia.process.queue-limit:64}") int queueLimit,
            @Value("${chatmedia.process.deadline:30s}") Duration deadline) {
        int threads = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        return new WorkerPool(threads, queueLimit, deadline);
    }

    @Bean
    DerivedResults derivedResults(BlobStores stores, WorkerPool pool) {
        return new DerivedResults(stores.primary(), pool);
    }
}
