package io.chatmedia.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedFoldersTest {

    @TempDir
    Path temp;

    @Test
    void trustsAFolderForItsAgeOnlyAndSeesASymbolicLinkPutInItsPlaceAfterThat() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root")).toRealPath();
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Path folder = Files.createDirectories(root.resolve("media/20261206"));
        AtomicLong now = new AtomicLong();
        VerifiedFolders folders = new VerifiedFolders(root, 1_000, now::get);

        assertThat(folders.isReal(folder)).isTrue();
        Files.delete(folder);
        Files.createSymbolicLink(folder, outside);
        now.addAndGet(999);
        assertThat(folders.isReal(folder)).as("still within its age").isTrue();
        now.addAndGet(1);
        assertThat(folders.isReal(folder)).isFalse();
        assertThat(folders.isReal(folder)).isFalse();
    }

    @Test
    void aFolderReachedThroughALinkHigherUpIsNotReal() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root")).toRealPath();
        Files.createDirectories(temp.resolve("outside/sub"));
        Files.createSymbolicLink(root.resolve("media"), temp.resolve("outside"));

        assertThat(new VerifiedFolders(root, 1_000_000_000L, System::nanoTime).isReal(root.resolve("media/sub")))
                .isFalse();
    }
}
