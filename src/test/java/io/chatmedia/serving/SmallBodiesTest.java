package io.chatmedia.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallBodiesTest {

    @TempDir
    Path folder;

    private LocalDiskBlobStore store;
    private final AtomicLong now = new AtomicLong();

    @BeforeEach
    void setUp() throws Exception {
        store = new LocalDiskBlobStore(folder.resolve("uploads"));
    }

    private ServedObject stored(String key, byte[] bytes) throws Exception {
        BlobInfo info = store.put(key, new ByteArrayInputStream(bytes));
        return new ServedObject(store, key, info.size(), info.lastModified(), "image/png", "\"e\"", null, null);
    }

    @Test
    void answersFromMemoryWithinItsAgeThenReadsAgain() throws Exception {
        SmallBodies bodies = new SmallBodies(Duration.ofNanos(1_000), 1 << 20, now::get);
        ServedObject object = stored("media/a.png", new byte[] {1, 2, 3});
        assertThat(bodies.of(object)).containsExactly(1, 2, 3);

        store.put("media/a.png", new ByteArrayInputStream(new byte[] {7, 8, 9})); // same size, same second
        ServedObject same =
                new ServedObject(store, "media/a.png", 3, object.lastModified(), "image/png", "\"e\"", null, null);
        now.addAndGet(999);
        assertThat(bodies.of(same)).as("kept").containsExactly(1, 2, 3);
        now.addAndGet(1);
        assertThat(bodies.of(same)).as("past its age").containsExactly(7, 8, 9);
    }

    @Test
    void anObjectOfAnotherSizeOrTimeIsReadAgain() throws Exception {
        SmallBodies bodies = new SmallBodies(Duration.ofSeconds(10), 1 << 20, now::get);
        ServedObject object = stored("media/b.png", new byte[] {1, 2, 3});
        bodies.of(object);
        ServedObject replaced = stored("media/b.png", new byte[] {4, 5, 6, 7});
        assertThat(bodies.of(replaced)).containsExactly(4, 5, 6, 7);
    }

    @Test
    void keepsNoMoreThanItsBudgetAndMakesRoomFromExpiredEntries() throws Exception {
        SmallBodies bodies = new SmallBodies(Duration.ofNanos(1_000), 10, now::get);
        bodies.of(stored("media/c1.png", new byte[6]));
        bodies.of(stored("media/c2.png", new byte[6]));
        assertThat(bodies.heldBytes()).isEqualTo(6);
        now.addAndGet(1_000);
        bodies.of(stored("media/c3.png", new byte[6]));
        assertThat(bodies.heldBytes()).isEqualTo(6);
    }

    @Test
    void noneKeepsNothing() throws Exception {
        ServedObject object = stored("media/d.png", new byte[] {1});
        assertThat(SmallBodies.NONE.of(object)).containsExactly(1);
        assertThat(SmallBodies.NONE.heldBytes()).isZero();
    }
}
