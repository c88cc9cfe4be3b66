package io.chatmedia.storage;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the stores ({@code /actuator/health/readiness} includes it): the local folder must be writable, the
 * primary store reachable with our credentials and bucket. DOWN names the cause. The primary store is asked at most
 * every few seconds, however often the probe runs.
 */
@Component("storage")
class StorageHealth implements HealthIndicator {

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final BlobStores stores;
    private final Clock clock = Clock.systemUTC();
    private Health last;
    private Instant checkedAt = Instant.MIN;

    StorageHealth(BlobStores stores) {
        this.stores = stores;
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (last == null || now.isAfter(checkedAt.plus(CACHE))) {
            last = check();
            checkedAt = now;
        }
        return last;
    }

    private Health check() {
        for (BlobStore store : List.of(stores.local(), stores.primary())) {
            try {
                store.checkAvailable();
            } catch (IOException e) {
                return Health.down()
                        .withDetail("store", store.name())
                        .withDetail("cause", e.getMessage())
                        .build();
            }
        }
        return Health.up().withDetail("primary", stores.primary().name()).build();
    }
}
