package io.chatmedia.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaDeleted;
import io.chatmedia.media.MediaKind;
import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.local.LocalDiskBlobStore;
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

class DerivedResultsTest {

    @TempDir
    Path root;

    private LocalDiskBlobStore store;
    private final WorkerPool pool = new WorkerPool(2, 16, Duration.ofSeconds(10));
    private DerivedResults results;
    private final Media video = media("v1");

    @BeforeEach
    void setUp() throws IOException {
        store = new LocalDiskBlobStore(root);
        results = new DerivedResults(store, pool);
    }

    @AfterEach
    void stop() {
        pool.shutdown();
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
