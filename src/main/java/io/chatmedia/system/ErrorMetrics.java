package io.chatmedia.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts failed requests by status and cause ({@code chatmedia_errors_total}). */
@Component
public class ErrorMetrics {

    private final MeterRegistry registry;

    ErrorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(int status, String cause) {
        Counter.builder("chatmedia.errors")
                .description("Failed requests by status and cause")
                .tag("status", Integer.toString(status))
                .tag("cause", cause)
                .register(registry)
                .increment();
    }
}
