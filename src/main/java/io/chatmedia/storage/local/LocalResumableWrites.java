package io.chatmedia.storage.local;

import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobKeys;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.InvalidBlobKeyException;
import io.chatmedia.storage.ResumableWrites;
import io.chatmedia.system.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Resumable objects on the local disk: appended to a file of their own under {@code <root>/.cm-resumable/} (outside
 * every key, kept across restarts, never touched by the temporary-file sweep), moved into place by an atomic rename
 * when complete, so the bytes are written once. A process killed in the middle of an append leaves every byte it
 * wrote in the file: {@link #stored} reports the file's length.
 */
final class LocalResumableWrites implements ResumableWrites {

    static final String FOLDER = BlobKeys.RESERVED_PREFIX + "resumable";

    private final LocalDiskBlobStore store;
    private final Path folder;

    LocalResumableWrites(LocalDiskBlobStore store) {
        this.store = store;
        this.folder = store.root().resolve(FOLDER);
    }

    @Override
    public String begin(String key) throws IOException {
        BlobKeys.check(key);
        Files.createDirectories(folder);
        String name = Sha256.hex(key).substring(0, 40) + ".part";
        Files.newByteChannel(fileOf(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                .close();
        return name;
    }

    @Override
    public long stored(String key, String state, long persisted) throws IOException {
        try {
            return Files.size(fileOf(state));
        } catch (NoSuchFileException e) {
            throw new IOException("the pieces of " + key + " are gone", e);
        }
    }

    @Override
    public Progress append(
            String key,
            String state,
            long offset,
            InputStream content,
            long contentLength,
            Long finalLength,
            Checkpoint checkpoint)
            throws IOException {
        long position = offset;
        try (FileChannel out = FileChannel.open(fileOf(state), StandardOpenOption.WRITE)) {
            if (out.size() != offset) {
                out.truncate(offset);
                if (out.size() != offset) {
                    throw new IOException("the pieces of " + key + " hold " + out.size() + " bytes, not " + offset);
                }
            }
            out.position(offset);
            position += LocalDiskBlobStore.copy(content, out);
        }
        return new Progress(position, state);
    }

    @Override
    public void truncate(String key, Progress progress) throws IOException {
        try (FileChannel out = FileChannel.open(fileOf(progress.state()), StandardOpenOption.WRITE)) {
            out.truncate(progress.offset());
        }
    }

    @Override
    public Optional<InputStream> openStored(String key, String state, long length) throws IOException {
        if (length == 0) {
            return Optional.of(InputStream.nullInputStream());
        }
        return Optional.of(FileRanges.open(fileOf(state), new ByteRange(0, length)));
    }

    @Override
    public BlobInfo complete(String key, String state, long length) throws IOException {
        Path file = fileOf(state);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (out.size() != length) {
                throw new IOException("the pieces of " + key + " hold " + out.size() + " bytes, not " + length);
            }
            out.force(true);
        }
        Path target = store.pathOf(key);
        Files.createDirectories(target.getParent());
        store.requireInsideRoot(target.getParent().toRealPath());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the data folder does not support atomic renames: " + target.getParent(), e);
        }
        LocalDiskBlobStore.forceFolder(target.getParent());
        return store.stat(key).orElseThrow(() -> new IOException("object " + key + " missing after completion"));
    }

    @Override
    public void abort(String key, String state) throws IOException {
        Files.deleteIfExists(fileOf(state));
    }

    private Path fileOf(String state) {
        if (state == null || !state.matches("[0-9a-f]{40}\\.part")) {
            throw new InvalidBlobKeyException("not a resumable upload's file: " + state);
        }
        return folder.resolve(state);
    }
}
