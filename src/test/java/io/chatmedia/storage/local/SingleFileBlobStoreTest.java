package io.chatmedia.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobNotFoundException;
import io.chatmedia.storage.BlobRef;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.InvalidBlobKeyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file outside every store read as a one-object read-only store ({@link BlobStores#ofFile}). */
class SingleFileBlobStoreTest {

    @TempDir
    Path folder;

    private Path file;
    private BlobRef blob;

    @BeforeEach
    void writeFile() throws IOException {
        file = Files.write(folder.resolve("fetch-123.tmp"), "0123456789".getBytes());
        blob = BlobStores.ofFile(file);
    }

    @Test
    void holdsTheFileUnderItsNameWithItsSize() throws Exception {
        assertThat(blob.key()).isEqualTo("fetch-123.tmp");
        assertThat(blob.size()).isEqualTo(10);
        assertThat(blob.store().stat(blob.key())).map(BlobInfo::size).hasValue(10L);
        try (Stream<BlobInfo> listed = blob.store().list("fetch-")) {
            assertThat(listed).extracting(BlobInfo::key).containsExactly("fetch-123.tmp");
        }
        blob.store().checkAvailable();
    }

    @Test
    void readsRanges() throws Exception {
        assertThat(read(ByteRange.ALL)).isEqualTo("0123456789");
        assertThat(read(ByteRange.closed(2, 4))).isEqualTo("234");
        assertThat(read(new ByteRange(8, 100))).isEqualTo("89");
    }

    @Test
    void holdsNothingElse() throws Exception {
        assertThat(blob.store().stat("other.tmp")).isEmpty();
        assertThatThrownBy(() -> blob.store().open("other.tmp", ByteRange.ALL))
                .isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> blob.store().open("../x", ByteRange.ALL)).isInstanceOf(InvalidBlobKeyException.class);
        try (Stream<BlobInfo> listed = blob.store().list("other")) {
            assertThat(listed).isEmpty();
        }
        assertThat(blob.store().publicUrl(blob.key())).isEmpty();
        assertThat(blob.store().redirectUrl(blob.key())).isEmpty();
    }

    @Test
    void refusesWritesAndLeavesTheFileAsItIs() throws Exception {
        assertThatThrownBy(() -> blob.store().put(blob.key(), new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("read-only");
        assertThatThrownBy(() -> blob.store().delete(blob.key()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("read-only");
        assertThat(Files.readString(file)).isEqualTo("0123456789");
    }

    @Test
    void aRemovedFileIsNotFound() throws Exception {
        Files.delete(file);
        assertThat(blob.store().stat(blob.key())).isEmpty();
        assertThatThrownBy(() -> blob.store().open(blob.key(), ByteRange.ALL))
                .isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> blob.store().checkAvailable()).isInstanceOf(IOException.class);
    }

    private String read(ByteRange range) throws IOException {
        try (InputStream in = blob.store().open(blob.key(), range)) {
            return new String(in.readAllBytes());
        }
    }
}
