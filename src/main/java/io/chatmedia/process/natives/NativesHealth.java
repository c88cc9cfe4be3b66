package io.chatmedia.process.natives;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the media engines ({@code /actuator/health/readiness} includes it): DOWN while the natives are loading
 * after the start ({@code "loading"}), UP once they are, DOWN naming the error when they could not be loaded.
 */
@Component("natives")
class NativesHealth implements HealthIndicator {

    private final Future<Void> loaded;

    @Autowired
    NativesHealth(NativeLibraries natives) {
        this(natives.loaded());
    }

    NativesHealth(Future<Void> loaded) {
        this.loaded = loaded;
    }

    @Override
    public Health health() {
        if (!loaded.isDone()) {
            return Health.down().withDetail("natives", "loading").build();
        }
        try {
            loaded.get();
            return Health.up().build();
        } catch (ExecutionException e) {
            return Health.down()
                    .withDetail("natives", "failed")
                    .withDetail("cause", e.getCause().getClass().getSimpleName() + " (see the log)")
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }
}
