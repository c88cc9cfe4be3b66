package io.chatmedia.upload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code chatmedia_uploads_total} by kind and outcome, {@code chatmedia_upload_bytes_total} by kind. */
@Component
class UploadMetrics {

    private final MeterRegistry registry;

    UploadMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void succeeded(String kind, long bytes) {
        uploads(kind, "ok").increment();
        Counter.builder("chatmedia.upload.bytes")
                .description("Bytes received in completed uploads")
                .baseUnit("bytes")
                .tag("kind", kind)
                .register(registry)
                .increment(bytes);
    }

    void failed(String cause) {
        uploads("unknown", cause).increment();
    }

    private Counter uploads(String kind, String outcome) {
        return Counter.builder("chatmedia.uploads")
                .description("Upload attempts by kind and outcome")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .register(registry);
    }
}
