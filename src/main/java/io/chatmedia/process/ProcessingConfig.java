package io.chatmedia.process;

import io.chatmedia.lease.Leases;
import io.chatmedia.process.natives.NativeLibraries;
import io.chatmedia.storage.BlobStores;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The processing machinery shared by video covers and image processing: the worker pool
 * ({@code chatmedia.process.workers}, default the core count; {@code queue-limit}, default 64; {@code deadline},
 * default 30 s; jobs wait for the natives, loaded in the background after the start) and the derived-result cache on the primary store, single-flight across nodes.
 */
@Configuration
class ProcessingConfig {

    @Bean(destroyMethod = "shutdown")
    WorkerPool workerPool(
            @Value("${chatmedia.process.workers:0}") int workers,
            @Value("${chatmedia.process.queue-limit:64}") int queueLimit,
            @Value("${chatmedia.process.deadline:30s}") Duration deadline,
            NativeLibraries natives) {
        int threads = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        return new WorkerPool(threads, queueLimit, deadline, natives.loaded());
    }

    /**
     * Results on the primary store (shared by every node when it is an object store), computed once across nodes under
     * a lease of {@code chatmedia.cluster.lease-ttl} (default 15 s), waited for up to the processing deadline.
     */
    @Bean
    DerivedResults derivedResults(
            BlobStores stores,
            WorkerPool pool,
            Leases leases,
            MeterRegistry meters,
            @Value("${chatmedia.cluster.lease-ttl:15s}") Duration leaseTtl,
            @Value("${chatmedia.process.deadline:30s}") Duration deadline) {
        Counter computed = Counter.builder("chatmedia.derived.computed")
                .description("derived results (covers, thumbnails, conversions) this node computed and stored")
                .register(meters);
        return new DerivedResults(stores.primary(), pool, leases, leaseTtl, deadline, computed);
    }
}
