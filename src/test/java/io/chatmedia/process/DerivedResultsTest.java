package io.chatmedia.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.chatmedia.lease.Lease;
import io.chatmedia.lease.Leases;
import io.chatmedia.media.Media;
import io.chatmedia.media.MediaDeleted;
import io.chatmedia.media.MediaKind;
import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import io.chatmedia.system.ApiException;
import io.chatmedia.testsupport.TestSqlite;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

class DerivedResultsTest {

    @TempDir
    Path root;

    private LocalDiskBlobStore store;
    private final WorkerPool pool = new WorkerPool(2, 16, Duration.ofSeconds(10));
    private HikariDataSource database;
    private final List<Leases> nodes = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DerivedResults results;
    private final Media video = media("v1");

    @BeforeEach
    void setUp() throws IOException {
        store = new LocalDiskBlobStore(root.resolve("store"));
        database = TestSqlite.migrated(root);
        results = node("node-a", Duration.ofSeconds(10));
    }

    /** Another node on the same database and store, with its own in-process merging and counter. */
    private DerivedResults node(String id, Duration leaseTtl) {
        Leases leases = new Leases(database, id);
        nodes.add(leases);
        Counter computed =
                Counter.builder("chatmedia.derived.computed").tag("node", id).register(meters);
        return new DerivedResults(store, pool, leases, leaseTtl, Duration.ofSeconds(10), computed);
    }

    private double computedOnEveryNode() {
        return meters.find("chatmedia.derived.computed").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @AfterEach
    void stop() {
        pool.shutdown();
        nodes.forEach(Leases::shutdown);
        database.close();
    }

    @Test
    void computesOnceAndServesTheStoredResultAfterwards() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        var request = ProcessParser.parse("video/snapshot,t_20,w_260,f_png");
        BlobInfo first = results.getOrCompute(video.id(), request, "png", () -> {
            runs.incrementAndGet();
            return new byte[] {1, 2, 3};
        });
        BlobInfo second =
                results.getOrCompute(video.id(), ProcessParser.parse("video/snapshot,f_png,w_260,t_20"), "png", () -> {
                    runs.incrementAndGet();
                    return new byte[] {9};
                });
        assertThat(runs).hasValue(1);
        assertThat(second.key())
                .isEqualTo(first.key())
                .startsWith("derived/v1/")
                .endsWith(".png");
        try (InputStream in = store.open(first.key(), ByteRange.ALL)) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void mergesIdenticalRequestsInFlight() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        var request = ProcessParser.parse("image/resize,w_100");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<BlobInfo>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(callers.submit(() -> results.getOrCompute(video.id(), request, "jpg", () -> {
                    runs.incrementAndGet();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    return new byte[] {7};
                })));
            }
            Thread.sleep(300);
            release.countDown();
            for (Future<BlobInfo> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS).size()).isEqualTo(1);
            }
            assertThat(runs).hasValue(1);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void identicalRequestsSpreadOverThreeNodesComputeOnce() throws Exception {
        List<DerivedResults> cluster =
                List.of(results, node("node-b", Duration.ofSeconds(10)), node("node-c", Duration.ofSeconds(10)));
        AtomicInteger runs = new AtomicInteger();
        var request = ProcessParser.parse("image/resize,w_120");
        ExecutorService callers = Executors.newFixedThreadPool(9);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<BlobInfo>> answers = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                DerivedResults node = cluster.get(i % 3);
                answers.add(callers.submit(() -> {
                    go.await();
                    return node.getOrCompute(video.id(), request, "jpg", () -> {
                        runs.incrementAndGet();
                        sleep(400);
                        return new byte[] {4, 2};
                    });
                }));
            }
            go.countDown();
            for (Future<BlobInfo> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS).size()).isEqualTo(2);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(runs).hasValue(1);
        assertThat(computedOnEveryNode()).isEqualTo(1.0);
    }

    @Test
    void aNodeThatDiedHoldingTheLeaseIsTakenOverOnceItExpires() throws Exception {
        Leases dead = new Leases(database, "node-dead");
        nodes.add(dead);
        var request = ProcessParser.parse("image/resize,w_77");
        String key = DerivedResults.keyOf(video.id(), request.canonical(), "png");
        dead.tryAcquire(DerivedResults.LEASE, key, Duration.ofMillis(1200))
                .orElseThrow()
                .keepUntilExpiry(); // killed: never renewed, never released
        long start = System.nanoTime();
        BlobInfo result = results.getOrCompute(video.id(), request, "png", () -> new byte[] {1});
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result.size()).isEqualTo(1);
        assertThat(waitedMillis).isBetween(900L, 5_000L);
        assertThat(computedOnEveryNode()).isEqualTo(1.0);
    }

    @Test
    void waitingForAnotherNodeIsBoundedByTheProcessingDeadline() throws Exception {
        Leases stuck = new Leases(database, "node-stuck");
        nodes.add(stuck);
        Counter computed = Counter.builder("other").register(meters);
        DerivedResults impatient = new DerivedResults(
                store, pool, new Leases(database, "node-b"), Duration.ofSeconds(10), Duration.ofMillis(600), computed);
        var request = ProcessParser.parse("image/resize,w_78");
        String key = DerivedResults.keyOf(video.id(), request.canonical(), "png");
        try (Lease held = stuck.tryAcquire(DerivedResults.LEASE, key, Duration.ofSeconds(30))
                .orElseThrow()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> impatient.getOrCompute(video.id(), request, "png", () -> new byte[] {1}))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 3_000L);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    @Test
    void storesNothingWhenTheComputationFailsAndTriesAgainNextTime() throws Exception {
        var request = ProcessParser.parse("image/resize,w_50");
        assertThatThrownBy(() -> results.getOrCompute(video.id(), request, "png", () -> {
                    throw new IOException("corrupt GOP");
                }))
                .isInstanceOf(IOException.class);
        try (var listed = store.list("derived/")) {
            assertThat(listed).isEmpty();
        }
        assertThat(results.getOrCompute(video.id(), request, "png", () -> new byte[] {5})
                        .size())
                .isEqualTo(1);
    }

    @Test
    void deletesEveryDerivedResultOfADeletedMediaItemOnly() throws Exception {
        Media other = media("v2");
        results.getOrCompute(video.id(), ProcessParser.parse("image/resize,w_1"), "png", () -> new byte[] {1});
        results.getOrCompute(video.id(), ProcessParser.parse("image/resize,w_2"), "png", () -> new byte[] {2});
        results.getOrCompute(other.id(), ProcessParser.parse("image/resize,w_1"), "png", () -> new byte[] {3});
        results.onDeleted(new MediaDeleted(video));
        try (var listed = store.list("derived/")) {
            assertThat(listed.map(BlobInfo::key))
                    .allMatch(key -> key.startsWith("derived/v2/"))
                    .hasSize(1);
        }
    }

    private static Media media(String id) {
        return new Media(
                id,
                "u",
                "user",
                "local",
                "media/" + id + ".mp4",
                "v.mp4",
                "video/mp4",
                MediaKind.VIDEO,
                10,
                "0".repeat(64),
                Instant.now(),
                0,
                null,
                null,
                null,
                null,
                null);
    }
}
