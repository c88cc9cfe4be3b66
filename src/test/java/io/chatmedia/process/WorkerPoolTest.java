package io.chatmedia.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    private final WorkerPool pool = new WorkerPool(1, 1, Duration.ofSeconds(2));
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdown();
        callers.shutdownNow();
    }

    @Test
    void runsJobsAndPassesTheirFailuresOn() throws Exception {
        assertThat(pool.run(() -> 42)).isEqualTo(42);
        assertThatThrownBy(() -> pool.run(() -> {
                    throw new IOException("decoder failed");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("decoder failed");
        assertThatThrownBy(() -> pool.run(() -> {
                    throw ApiException.badRequest("video/snapshot: t must be a non-negative integer (ms)");
                }))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void forksOnlyOntoAnIdleWorker() throws Exception {
        assertThat(pool.idle()).isEqualTo(1);
        assertThat(pool.tryFork(() -> 7).orElseThrow().get(5, TimeUnit.SECONDS)).isEqualTo(7);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        callers.submit(() -> pool.run(() -> {
            started.countDown();
            return release.await(10, TimeUnit.SECONDS);
        }));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.idle()).isZero();
        assertThat(pool.tryFork(() -> 8)).isEmpty();
        assertThat(pool.pending()).isEqualTo(1); // nothing was queued behind the busy worker
        release.countDown();
    }

    @Test
    void answers503WhenTheQueueIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        callers.submit(() -> pool.run(() -> {
            started.countDown();
            return release.await(10, TimeUnit.SECONDS);
        }));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        callers.submit(() -> pool.run(() -> release.await(10, TimeUnit.SECONDS))); // fills the one queue slot
        while (pool.pending() < 2) {
            Thread.sleep(10);
        }
        assertThatThrownBy(() -> pool.run(() -> 1))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(503));
        release.countDown();
    }

    @Test
    void interruptsAJobPastItsDeadlineAndAnswers503() {
        CountDownLatch interrupted = new CountDownLatch(1);
        assertThatThrownBy(() -> pool.run(() -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return 0;
                }))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(503));
        assertThat(awaitQuietly(interrupted)).isTrue();
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Test
    void aJobPastItsDeadlineStopsAtItsNextCheckpoint() throws Exception {
        WorkerPool quick = new WorkerPool(1, 1, Duration.ofMillis(200));
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            assertThatThrownBy(() -> quick.run(() -> {
                        try {
                            while (true) { // a long loop over frames, tiles or bands
                                WorkerPool.checkpoint();
                                Thread.onSpinWait();
                            }
                        } finally {
                            stopped.countDown();
                        }
                    }))
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.status().value()).isEqualTo(503));
            assertThat(stopped.await(1, TimeUnit.SECONDS))
                    .as("the job stopped within a second of its 503")
                    .isTrue();
            assertThat(quick.run(() -> "next")).as("the worker is free again").isEqualTo("next");
        } finally {
            quick.shutdown();
        }
    }

    @Test
    void jobsWaitForTheNativesAndRunOnceTheyAreLoaded() throws Exception {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        WorkerPool gated = new WorkerPool(1, 1, Duration.ofSeconds(30), loaded);
        try {
            Future<Integer> answer = callers.submit(() -> gated.run(() -> 7));
            assertThat(gated.pending()).isZero(); // held back before the queue, not running
            loaded.complete(null);
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        } finally {
            gated.shutdown();
        }
    }

    @Test
    void answers503WhenTheNativesAreStillLoadingAtTheDeadline() {
        WorkerPool gated = new WorkerPool(1, 1, Duration.ofMillis(50), new CompletableFuture<>());
        try {
            assertThatThrownBy(() -> gated.run(() -> 1)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status().value()).isEqualTo(503);
                assertThat(e.getMessage()).contains("still loading");
            });
        } finally {
            gated.shutdown();
        }
    }

    @Test
    void answers503WhenTheNativesCouldNotBeLoaded() {
        WorkerPool gated = new WorkerPool(
                1, 1, Duration.ofSeconds(2), CompletableFuture.failedFuture(new UnsatisfiedLinkError("no jniopencv")));
        try {
            assertThatThrownBy(() -> gated.run(() -> 1)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status().value()).isEqualTo(503);
                assertThat(e.getMessage()).contains("could not be loaded");
            });
        } finally {
            gated.shutdown();
        }
    }
}
