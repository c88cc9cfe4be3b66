package io.chatmedia.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.storage.BlobKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorageKeysTest {

    private final Clock clock = Clock.fixed(Instant.parse("2025-03-10T02:36:42.074Z"), ZoneId.of("Asia/Shanghai"));
    private final StorageKeys keys = new StorageKeys(clock);

    @Test
    void namesDiyUploadsAsTheSeedDid() {
        String key = keys.diy("chatImgs", "IMG_0001.PNG");
        assertThat(key).matches("Diy/chatImgs/20250310/1741574202074_\\d{8}\\.png");
        assertThat(BlobKeys.isValid(key)).isTrue();
    }

    @Test
    void namesObjectStoreUploadsAsTheSeedDid() {
        assertThat(keys.dated("images", "clip.mp4")).matches("images/20250310/1741574202074_[0-9a-f]{12}\\.mp4");
        assertThat(keys.dated("images", "noext")).matches("images/20250310/1741574202074_[0-9a-f]{12}");
    }

    @Test
    void usesTheServersTimeZoneForTheDay() {
        StorageKeys utc = new StorageKeys(Clock.fixed(Instant.parse("2025-03-09T20:00:00Z"), ZoneId.of("UTC")));
        StorageKeys shanghai =
                new StorageKeys(Clock.fixed(Instant.parse("2025-03-09T20:00:00Z"), ZoneId.of("Asia/Shanghai")));
        assertThat(utc.dated("images", "a.png")).startsWith("images/20250309/");
        assertThat(shanghai.dated("images", "a.png")).startsWith("images/20250310/");
    }

    @Test
    void neverRepeatsARandomSuffix() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(keys.dated("images", "a.png"));
        }
        assertThat(seen).hasSize(10_000);
    }
}
