package io.chatmedia.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.BlobStoreContract;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.InvalidBlobKeyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDiskBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path folder;

    private Path root;

    @Override
    protected BlobStore newStore() throws IOException {
        root = folder.resolve("root");
        return new LocalDiskBlobStore(root);
    }

    @Test
    void leavesNoTemporaryFileAfterAFailedPut() throws Exception {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ > 100_000) {
                    throw new IOException("client went away");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> store.put(key("x/y.bin"), failing)).isInstanceOf(IOException.class);
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void hidesTemporaryFilesFromListings() throws Exception {
        store.put(key("d/real.bin"), new ByteArrayInputStream(new byte[] {1}));
        Files.write(root.resolve(key("d/.cm-upload-leftover.tmp")), new byte[] {1, 2});
        try (var listed = store.list(key("d/"))) {
            assertThat(listed.map(info -> info.key())).containsExactly(key("d/real.bin"));
        }
    }

    @Test
    void refusesToFollowASymlinkOutOfTheRoot() throws Exception {
        Path outside = Files.createDirectories(folder.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("escape"), outside);
        assertThatThrownBy(() -> store.open("escape/secret.txt", ByteRange.ALL))
                .isInstanceOf(InvalidBlobKeyException.class);
        assertThatThrownBy(() -> store.put("escape/new.txt", new ByteArrayInputStream(new byte[] {1})))
                .isInstanceOf(InvalidBlobKeyException.class);
        assertThat(outside.resolve("new.txt")).doesNotExist();
        assertThatThrownBy(() -> store.delete("escape/secret.txt")).isInstanceOf(InvalidBlobKeyException.class);
        assertThat(outside.resolve("secret.txt")).exists();
    }

    @Test
    void sweepsOnlyStaleTemporaryFiles() throws Exception {
        Path dir = Files.createDirectories(root.resolve("s"));
        Path stale = Files.write(dir.resolve(".cm-upload-stale.tmp"), new byte[] {1});
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = Files.write(dir.resolve(".cm-upload-fresh.tmp"), new byte[] {1});
        Path object = Files.write(dir.resolve("object.bin"), new byte[] {1});
        Files.setLastModifiedTime(object, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertThat(((LocalDiskBlobStore) store).sweepTemporaryFiles(Duration.ofHours(1)))
                .isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(object).exists();
    }

    @Test
    void writesTheObjectWhereTheKeySays() throws Exception {
        store.put("Diy/chatImgs/20250310/1710038202074_99501763.png", new ByteArrayInputStream(new byte[] {9}));
        assertThat(root.resolve("Diy/chatImgs/20250310/1710038202074_99501763.png"))
                .hasBinaryContent(new byte[] {9});
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().equals(UnsyncedFolderGuard.MARKER))
                    .toList();
        }
    }
}
