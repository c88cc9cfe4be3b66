package io.chatmedia.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsyncedFolderGuardTest {

    @TempDir
    Path root;

    private UnsyncedFolderGuard guard(String boot) {
        return new UnsyncedFolderGuard(root, root.resolve("derived"), boot);
    }

    private Path unsyncedWrite(UnsyncedFolderGuard guard) throws Exception {
        guard.beforeUnsyncedWrite();
        Path file = root.resolve("derived/42/abc.jpg");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1, 2, 3});
        return file;
    }

    @Test
    void keepsTheFolderInTheSameBootWhateverHappenedToTheProcess() throws Exception {
        UnsyncedFolderGuard first = guard("boot-a");
        first.open();
        Path file = unsyncedWrite(first); // then the process stops or is killed: the page cache is the machine's

        assertThat(guard("boot-a").open()).isFalse();
        assertThat(file).exists();
    }

    @Test
    void discardsTheFolderInALaterBootAfterUnsyncedWrites() throws Exception {
        UnsyncedFolderGuard first = guard("boot-a");
        first.open();
        Path file = unsyncedWrite(first);
        Path original = root.resolve("media/20261206/photo.jpg");
        Files.createDirectories(original.getParent());
        Files.write(original, new byte[] {9});

        UnsyncedFolderGuard next = guard("boot-b");
        assertThat(next.open()).isTrue();

        assertThat(file).doesNotExist();
        assertThat(original).exists();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (var left = Files.list(root)) {
                assertThat(left.map(path -> path.getFileName().toString())).containsExactly("media");
            }
        });
        unsyncedWrite(next);
        assertThat(Files.readString(root.resolve(UnsyncedFolderGuard.MARKER)).trim())
                .isEqualTo("boot-b");
    }

    @Test
    void aStoreThatNeverWroteUnsyncedFilesLeavesNoMarkerAndLosesNothing() throws Exception {
        guard("boot-a").open();
        Path file = root.resolve("derived/7/kept.jpg");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1});

        assertThat(root.resolve(UnsyncedFolderGuard.MARKER)).doesNotExist();
        assertThat(guard("boot-b").open()).isFalse();
        assertThat(file).exists();
    }

    @Test
    void discardsAtEveryOpeningAfterUnsyncedWritesWhenTheBootCannotBeTold() throws Exception {
        UnsyncedFolderGuard first = guard("unknown");
        first.open();
        Path file = unsyncedWrite(first);

        assertThat(guard("unknown").open()).isTrue();
        assertThat(file).doesNotExist();
    }

    @Test
    void readsTheBootOfThisMachineOrSaysItIsUnknown() {
        assertThat(UnsyncedFolderGuard.currentBoot(root.resolve("no-such-file")))
                .isEqualTo("unknown");
        if (Files.isReadable(Path.of("/proc/sys/kernel/random/boot_id"))) {
            assertThat(UnsyncedFolderGuard.currentBoot(Path.of("/proc/sys/kernel/random/boot_id")))
                    .matches("[0-9a-f-]{36}");
        }
    }
}
