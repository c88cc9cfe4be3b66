package io.chatmedia.process;

import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpStatus;

/**
 * Where media processing runs (decoding, scaling, encoding): a fixed number of worker threads sized from the
 * cores, a bounded queue, and a deadline per job. A full queue is a 503 at once rather than a pile-up; a job past
 * its deadline is answered 503 and interrupted. Native code does not see interrupts, so jobs call {@link #checkpoint()}
 * between steps and inside long loops (per frame, per band of rows, per tile row): the first checkpoint after the
 * deadline unwinds the job, freeing its native memory on the way. Failures inside a job reach the caller as they were
 * thrown. Jobs start only once the natives they call are loaded ({@code ready}, loaded in the background after the
 * start): until then {@link #run} waits, at most the deadline.
 */
public final class WorkerPool {

    private final ThreadPoolExecutor executor;
    private final Duration deadline;
    private final Future<?> ready;

    /** A pool whose jobs may start at once. */
    public WorkerPool(int workers, int queueLimit, Duration deadline) {
        this(workers, queueLimit, deadline, CompletableFuture.completedFuture(null));
    }

    /** A pool whose jobs start once {@code ready} completes (normally; its failure is a 503 for every job). */
    public WorkerPool(int workers, int queueLimit, Duration deadline, Future<?> ready) {
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                workers, workers, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueLimit), runnable -> {
                    Thread thread = new Thread(runnable, "media-worker-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.deadline = deadline;
        this.ready = ready;
    }

    /**
     * Runs {@code job} on a worker and waits for it.
     *
     * @throws ApiException 503 when the natives are not loaded within the deadline (or failed to load), the queue is
     *     full or the deadline passes; whatever the job threw otherwise
     */
    public <T> T run(Callable<T> job) throws IOException {
        awaitReady();
        Future<T> future;
        try {
            future = executor.submit(job);
        } catch (RejectedExecutionException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the server is busy processing media, try again");
        }
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE, "processing took longer than " + deadline.toSeconds() + " s");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for processing", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    private void awaitReady() throws IOException {
        try {
            ready.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE, "the media engines are still loading after the start, try again");
        } catch (ExecutionException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the media engines could not be loaded");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the media engines", e);
        }
    }

    /**
     * Starts {@code job} on a worker only if one is idle now and nothing is queued: a job splits its work this way
     * without ever taking more threads than the pool has. The caller, itself a job, must not simply wait for the
     * result: when it has done its own share and {@code cancel(false)} on the future succeeds (no worker took the job,
     * as when another request arrived meanwhile), it does the work itself; so a pool whose workers all split never
     * waits on itself. The forked job has no deadline of its own: the caller cancels it with {@code cancel(true)} when
     * it fails or is stopped.
     *
     * @return the running job, or empty when no worker is idle
     */
    public <T> Optional<Future<T>> tryFork(Callable<T> job) {
        synchronized (executor) {
            if (executor.getActiveCount() >= executor.getMaximumPoolSize()
                    || !executor.getQueue().isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(executor.submit(job));
            } catch (RejectedExecutionException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Stops the calling job when it was cancelled (its deadline passed, or the server is stopping): call between steps
     * and inside long loops. Off the pool, where nobody interrupts, it costs one flag read.
     *
     * @throws ApiException 503 when the current thread was interrupted
     */
    public static void checkpoint() {
        if (Thread.currentThread().isInterrupted()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "processing stopped: past its deadline");
        }
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException(cause);
    }

    /** Workers idle now, none waiting: how many jobs {@link #tryFork} would start at once. */
    public int idle() {
        return Math.max(
                0,
                executor.getMaximumPoolSize()
                        - executor.getActiveCount()
                        - executor.getQueue().size());
    }

    /** Jobs waiting for a worker. */
    public int waiting() {
        return executor.getQueue().size();
    }

    /** Jobs running or waiting, for metrics and tests. */
    public int pending() {
        return executor.getActiveCount() + executor.getQueue().size();
    }

    /** Stops the workers, interrupting running jobs. */
    public void shutdown() {
        executor.shutdownNow();
    }
}
