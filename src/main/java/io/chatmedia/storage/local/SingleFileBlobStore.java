package io.chatmedia.storage.local;

import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobKeys;
import io.chatmedia.storage.BlobNotFoundException;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.InvalidBlobKeyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One file outside every store (a downloaded temporary file, say), read as a store holding a single object under
 * the file's name. Read-only: puts and deletes are refused with an {@link IOException} and the file is never
 * changed; removing it stays with whoever made it.
 */
public final class SingleFileBlobStore implements BlobStore {

    private final Path file;
    private final String key;

    /** @throws InvalidBlobKeyException when the file's name is not a valid key */
    public SingleFileBlobStore(Path file) {
        this.file = file;
        this.key = BlobKeys.check(file.getFileName().toString());
    }

    /** The key of the one object: the file's name. */
    public String key() {
        return key;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public BlobInfo put(String key, InputStream content) throws IOException {
        BlobKeys.check(key);
        throw new IOException("read-only store: cannot write " + key);
    }

    @Override
    public InputStream open(String key, ByteRange range) throws IOException {
        if (!holds(key)) {
            throw new BlobNotFoundException(key);
        }
        return FileRanges.open(file, range);
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        if (!holds(key)) {
            return Optional.empty();
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return Optional.of(new BlobInfo(
                key, attributes.size(), attributes.lastModifiedTime().toInstant()));
    }

    @Override
    public boolean delete(String key) throws IOException {
        BlobKeys.check(key);
        throw new IOException("read-only store: cannot delete " + key);
    }

    @Override
    public void checkAvailable() throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("the file is not readable: " + file);
        }
    }

    @Override
    public Stream<BlobInfo> list(String prefix) throws IOException {
        return key.startsWith(prefix) ? stat(key).stream() : Stream.empty();
    }

    private boolean holds(String key) {
        return BlobKeys.check(key).equals(this.key) && Files.isRegularFile(file);
    }
}
