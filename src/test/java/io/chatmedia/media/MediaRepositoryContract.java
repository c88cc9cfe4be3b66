package io.chatmedia.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What {@link MediaRepository} promises, whatever the database. Subclasses supply a migrated {@link DataSource} of
 * their own (one per test class); every test starts from an empty media table.
 */
abstract class MediaRepositoryContract {

    private static final Instant CREATED = Instant.parse("2025-03-04T05:06:07.891Z");

    protected MediaRepository repository;

    /** A DataSource on a database (or schema) of this test class's own, with the Flyway migrations applied. */
    protected abstract DataSource migratedDataSource();

    @BeforeEach
    void emptyTable() {
        JdbcClient jdbc = JdbcClient.create(migratedDataSource());
        jdbc.sql("DELETE FROM media").update();
        repository = new MediaRepository(jdbc);
    }

    @Test
    void insertThenFindByIdReturnsAnEqualMediaWithNullDimensions() {
        Media media = media("m-nulls", "local", "2025/03/04/abc.bin");
        assertThat(media.width()).isNull();

        repository.insert(media);

        assertThat(repository.findById("m-nulls")).contains(media);
        Media found = repository.findById("m-nulls").orElseThrow();
        assertThat(found.width()).isNull();
        assertThat(found.height()).isNull();
        assertThat(found.durationMs()).isNull();
        assertThat(found.rotation()).isNull();
    }

    @Test
    void recordsWhatTheProbeFound() {
        Media media = media("m-probe", "local", "media/m-probe.mp4");
        repository.insert(media);
        Media probed = media.probed(1080, 1920, 15_000L, 90, new Media.Probe("hevc", null, 800_000L, 30.0, false));
        assertThat(repository.updateProbe(probed)).isTrue();
        assertThat(repository.findById("m-probe")).contains(probed);
        assertThat(repository.updateProbe(media("m-none", "local", "media/none.mp4")))
                .isFalse();
    }

    @Test
    void insertThenFindByIdReturnsAnEqualMediaWithEveryFieldSet() {
        Media media = new Media(
                "m-full",
                "user-42",
                "user",
                "s3",
                "2025/03/04/clip.mp4",
                "clip.mp4",
                "video/mp4",
                MediaKind.VIDEO,
                12_345_678L,
                sha256("m-full"),
                CREATED,
                7L,
                1920,
                1080,
                93_456L,
                90,
                new Media.Probe("h264", "aac", 2_500_000L, 29.97, true));

        repository.insert(media);

        assertThat(repository.findById("m-full")).contains(media);
    }

    @Test
    void zeroDimensionsAreNotReadBackAsNull() {
        Media media = withDimensions(media("m-zero", "local", "zero.png"), 0, 0, 0L, 0);

        repository.insert(media);

        assertThat(repository.findById("m-zero")).contains(media);
    }

    @Test
    void everyKindRoundTrips() {
        for (MediaKind kind : MediaKind.values()) {
            Media media = withKind(media("m-" + kind.label(), "local", "kind/" + kind.label()), kind);
            repository.insert(media);
            assertThat(repository.findById(media.id())).contains(media);
        }
    }

    @Test
    void createdAtKeepsMillisecondPrecision() {
        Media media = withCreatedAt(media("m-ms", "local", "ms.bin"), Instant.ofEpochMilli(1_741_064_767_891L));

        repository.insert(media);

        assertThat(repository.findById("m-ms").orElseThrow().createdAt())
                .isEqualTo(Instant.ofEpochMilli(1_741_064_767_891L));
    }

    @Test
    void createdAtBelowTheMillisecondIsTruncatedToIt() {
        Instant micros = Instant.parse("2025-03-04T05:06:07.891234567Z");
        repository.insert(withCreatedAt(media("m-us", "local", "us.bin"), micros));

        assertThat(repository.findById("m-us").orElseThrow().createdAt())
                .isEqualTo(micros.truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void findByIdOfAMissingIdIsEmpty() {
        repository.insert(media("m-1", "local", "one.bin"));

        assertThat(repository.findById("no-such-id")).isEmpty();
    }

    @Test
    void findByStoreKeyFindsTheRowOnlyInItsStore() {
        Media media = media("m-sk", "local", "2025/03/04/key.jpg");
        repository.insert(media);

        assertThat(repository.findByStoreKey("local", "2025/03/04/key.jpg")).contains(media);
        assertThat(repository.findByStoreKey("s3", "2025/03/04/key.jpg")).isEmpty();
        assertThat(repository.findByStoreKey("local", "2025/03/04/other.jpg")).isEmpty();
    }

    @Test
    void findByKeyFindsTheRowWhateverItsStore() {
        Media media = media("m-k", "s3", "2025/03/04/anywhere.png");
        repository.insert(media);

        assertThat(repository.findByKey("2025/03/04/anywhere.png")).contains(media);
        assertThat(repository.findByKey("2025/03/04/nowhere.png")).isEmpty();
    }

    @Test
    void deleteReturnsTrueOnceThenFalse() {
        repository.insert(media("m-del", "local", "del.bin"));
        repository.insert(media("m-keep", "local", "keep.bin"));

        assertThat(repository.delete("m-del")).isTrue();
        assertThat(repository.delete("m-del")).isFalse();
        assertThat(repository.findById("m-del")).isEmpty();
        assertThat(repository.findById("m-keep")).isPresent();
        assertThat(repository.delete("never-there")).isFalse();
    }

    @Test
    void countCountsTheRows() {
        assertThat(repository.count()).isZero();
        repository.insert(media("m-a", "local", "a.bin"));
        repository.insert(media("m-b", "local", "b.bin"));
        repository.insert(media("m-c", "s3", "c.bin"));
        assertThat(repository.count()).isEqualTo(3);
        repository.delete("m-b");
        assertThat(repository.count()).isEqualTo(2);
    }

    @Test
    void insertWithAnExistingIdThrowsDuplicateKeyAndWritesNothing() {
        Media original = media("m-dup", "local", "first.bin");
        repository.insert(original);

        assertThatThrownBy(() -> repository.insert(media("m-dup", "local", "second.bin")))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(repository.count()).isEqualTo(1);
        assertThat(repository.findById("m-dup")).contains(original);
        assertThat(repository.findByKey("second.bin")).isEmpty();
    }

    @Test
    void insertWithAnExistingStoreAndKeyThrowsDuplicateKeyAndWritesNothing() {
        Media original = media("m-first", "local", "2025/03/04/same.bin");
        repository.insert(original);

        assertThatThrownBy(() -> repository.insert(media("m-second", "local", "2025/03/04/same.bin")))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(repository.count()).isEqualTo(1);
        assertThat(repository.findById("m-second")).isEmpty();
        assertThat(repository.findByStoreKey("local", "2025/03/04/same.bin")).contains(original);
    }

    @Test
    void theSameKeyInAnotherStoreIsNoClash() {
        repository.insert(media("m-local", "local", "2025/03/04/shared.bin"));
        repository.insert(media("m-s3", "s3", "2025/03/04/shared.bin"));

        assertThat(repository.count()).isEqualTo(2);
        assertThat(repository
                        .findByStoreKey("s3", "2025/03/04/shared.bin")
                        .orElseThrow()
                        .id())
                .isEqualTo("m-s3");
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(longs = {2_147_483_648L, 3_000_000_000L, 1_099_511_627_776L, 1_099_511_627_777L, Long.MAX_VALUE})
    void sizesBeyondTheIntRangeRoundTrip(long size) {
        Media media = withSize(media("m-big", "local", "big.bin"), size);

        repository.insert(media);

        assertThat(repository.findById("m-big").orElseThrow().size()).isEqualTo(size);
        assertThat(repository.findById("m-big")).contains(media);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "年度报告-最终版.pdf",
                "照片 2025年3月4日 下午5.06.07.jpeg",
                "🎉 party 🥳.jpg",
                "family 👨‍👩‍👧‍👦 🇨🇳.png",
                "mixed 中文 emoji 😀 ünïcödé ñ 𝄞.txt"
            })
    void unicodeOriginalNamesRoundTrip(String originalName) {
        Media media = withOriginalName(media("m-uni", "local", "uni.bin"), originalName);

        repository.insert(media);

        assertThat(repository.findById("m-uni").orElseThrow().originalName()).isEqualTo(originalName);
    }

    @Test
    void aMissingOriginalNameRoundTripsAsNull() {
        Media media = withOriginalName(media("m-anon", "local", "anon.bin"), null);

        repository.insert(media);

        assertThat(repository.findById("m-anon")).contains(media);
    }

    @Test
    void aStorageKeyOf1024CharactersRoundTrips() {
        String key = "2025/03/04/" + "k".repeat(1024 - "2025/03/04/".length() - ".bin".length()) + ".bin";
        assertThat(key).hasSize(1024);
        Media media = media("m-long", "local", key);

        repository.insert(media);

        assertThat(repository.findById("m-long")).contains(media);
        assertThat(repository.findByStoreKey("local", key)).contains(media);
        assertThat(repository.findByKey(key)).contains(media);
    }

    @Test
    void concurrentInsertsFromEightThreadsAllLand() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        String id = "m-" + thread + "-" + i;
                        repository.insert(media(id, "local", "concurrent/" + id + ".bin"));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES); // rethrows any insert's failure (e.g. SQLITE_BUSY)
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(repository.count()).isEqualTo(threads * perThread);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(repository.findById("m-" + t + "-" + i)).isPresent();
            }
        }
    }

    // ---- fixtures: Media's record constructor, one field changed at a time ----

    static Media media(String id, String store, String storageKey) {
        return new Media(
                id,
                "user-1",
                "user",
                store,
                storageKey,
                "photo.jpg",
                "image/jpeg",
                MediaKind.IMAGE,
                1_024L,
                sha256(id),
                CREATED,
                0L,
                null,
                null,
                null,
                null,
                null);
    }

    static Media withDimensions(Media m, Integer width, Integer height, Long durationMs, Integer rotation) {
        return new Media(
                m.id(),
                m.ownerId(),
                m.ownerRole(),
                m.store(),
                m.storageKey(),
                m.originalName(),
                m.contentType(),
                m.kind(),
                m.size(),
                m.sha256(),
                m.createdAt(),
                m.imageClassId(),
                width,
                height,
                durationMs,
                rotation,
                m.probe());
    }

    static Media withKind(Media m, MediaKind kind) {
        return new Media(
                m.id(),
                m.ownerId(),
                m.ownerRole(),
                m.store(),
                m.storageKey(),
                m.originalName(),
                m.contentType(),
                kind,
                m.size(),
                m.sha256(),
                m.createdAt(),
                m.imageClassId(),
                m.width(),
                m.height(),
                m.durationMs(),
                m.rotation(),
                m.probe());
    }

    static Media withCreatedAt(Media m, Instant createdAt) {
        return new Media(
                m.id(),
                m.ownerId(),
                m.ownerRole(),
                m.store(),
                m.storageKey(),
                m.originalName(),
                m.contentType(),
                m.kind(),
                m.size(),
                m.sha256(),
                createdAt,
                m.imageClassId(),
                m.width(),
                m.height(),
                m.durationMs(),
                m.rotation(),
                m.probe());
    }

    static Media withSize(Media m, long size) {
        return new Media(
                m.id(),
                m.ownerId(),
                m.ownerRole(),
                m.store(),
                m.storageKey(),
                m.originalName(),
                m.contentType(),
                m.kind(),
                size,
                m.sha256(),
                m.createdAt(),
                m.imageClassId(),
                m.width(),
                m.height(),
                m.durationMs(),
                m.rotation(),
                m.probe());
    }

    static Media withOriginalName(Media m, String originalName) {
        return new Media(
                m.id(),
                m.ownerId(),
                m.ownerRole(),
                m.store(),
                m.storageKey(),
                originalName,
                m.contentType(),
                m.kind(),
                m.size(),
                m.sha256(),
                m.createdAt(),
                m.imageClassId(),
                m.width(),
                m.height(),
                m.durationMs(),
                m.rotation(),
                m.probe());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
