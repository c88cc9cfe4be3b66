package io.chatmedia.security.fetch;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;

/**
 * One request of a fetch (the first URL or a redirect's target), cut by an alarm when its deadline passes. Closing it
 * cuts the connection too, unless its body was read to the end ({@link #completed()}), so nothing drains the rest.
 */
final class Hop implements AutoCloseable {

    private final HttpClient client;
    private final HttpGet request;
    private final AtomicBoolean expired = new AtomicBoolean();
    private final ScheduledFuture<?> alarm;
    private ClassicHttpResponse response;
    private boolean completed;

    Hop(HttpClient client, HttpGet request, ScheduledExecutorService alarms, long remainingNanos) {
        this.client = client;
        this.request = request;
        this.alarm = alarms.schedule(
                () -> {
                    expired.set(true);
                    request.cancel();
                },
                remainingNanos,
                TimeUnit.NANOSECONDS);
    }

    /** Sends the request; the response's body is still to be read. */
    ClassicHttpResponse send() throws IOException {
        response = client.executeOpen(null, request, HttpClientContext.create());
        return response;
    }

    /** Whether the alarm cut the request. */
    boolean expired() {
        return expired.get();
    }

    /** The body was read to its end: closing releases the connection for reuse. */
    void completed() {
        completed = true;
    }

    @Override
    public void close() {
        alarm.cancel(false);
        if (!completed) {
            request.cancel();
        }
        if (response != null) {
            try {
                response.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is gone either way
            }
        }
    }
}
