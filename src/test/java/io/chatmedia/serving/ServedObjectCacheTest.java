package io.chatmedia.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServedObjectCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final ServedObjectCache cache = new ServedObjectCache(Duration.ofNanos(100), 2, now::get);

    private static ServedObject object(String key) {
        return new ServedObject(null, key, 1, Instant.EPOCH, "image/png", "\"e\"", key, "id-" + key);
    }

    @Test
    void answersAnEntryUntilItsAgeIsReached() {
        cache.put("a", object("a"));
        now.addAndGet(99);
        assertThat(cache.get("a")).map(ServedObject::key).contains("a");
        now.addAndGet(1);
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void forgetsADeletedKeyAtOnce() {
        cache.put("a", object("a"));
        cache.forget("a");
        assertThat(cache.get("a")).isEmpty();
    }

    @Test
    void keepsNothingNewWhileFullOfLiveEntriesAndMakesRoomFromExpiredOnes() {
        cache.put("a", object("a"));
        cache.put("b", object("b"));
        cache.put("c", object("c"));
        assertThat(cache.get("c")).isEmpty();
        assertThat(cache.size()).isEqualTo(2);
        now.addAndGet(100);
        cache.put("c", object("c"));
        assertThat(cache.get("c")).isPresent();
        assertThat(cache.size()).isEqualTo(1);
    }
}
