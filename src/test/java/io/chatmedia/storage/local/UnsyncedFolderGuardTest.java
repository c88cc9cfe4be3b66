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

    private Path derivedFile() throws Exception {
        Path file = root.resolve("derived/42/abc.jpg");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {1, 2, 3});
        return file;
    }

    @Test
    void keepsTheFolderAfterACleanClose() throws Exception {
        UnsyncedFolderGuard first = new UnsyncedFolderGuard(root, root.resolve("derived"), "boot-a");
        first.open();
        Path file = derivedFile();
        first.close();

        assertThat(new UnsyncedFolderGuard(root, root.resolve("derived"), "boot-b").open())
                .isFalse();
        assertThat(file).exists();
    }

    @Test
    void keepsTheFolderWhenOnlyTheProcessDiedInTheSameBoot() throws Exception {
        new UnsyncedFolderGuard(root, root.resolve("derived"), "boot-a").open();
        Path file = derivedFile(); // no close: the process was killed, the machine kept its page cache

        assertThat(new UnsyncedFolderGuard(root, root.resolve("derived"), "boot-a").open())
                .isFalse();
        assertThat(file).exists();
    }

    @Test
    void discardsTheFolderWhenTheMachineWentDownWithTheStoreOpen() throws Exception {
        new UnsyncedFolderGuard(root, root.resolve("derived"), "boot-a").open();
        Path file = derivedFile();
        Path original = root.resolve("media/20261206/photo.jpg");
        Files.createDirectories(original.getParent());
        Files.write(original, new byte[] {9});

        assertThat(new UnsyncedFolderGuard(root, root.resolve("derived"), "boot-b").open())
                .isTrue();

        assertThat(file).doesNotExist();
        assertThat(original).exists();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (var left = Files.list(root)) {
                assertThat(left.map(path -> path.getFileName().toString()))
                        .containsExactlyInAnyOrder("media", UnsyncedFolderGuard.MARKER);
            }
        });
    }

    @Test
    void discardsOnAnyUncleanStopWhenTheBootCannotBeTold() throws Exception {
        new UnsyncedFolderGuard(root, root.resolve("derived"), "unknown").open();
        Path file = derivedFile();

        assertThat(new UnsyncedFolderGuard(root, root.resolve("derived"), "unknown").open())
                .isTrue();
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
