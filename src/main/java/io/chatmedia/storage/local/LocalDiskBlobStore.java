package io.chatmedia.storage.local;

import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobKeys;
import io.chatmedia.storage.BlobNotFoundException;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.InvalidBlobKeyException;
import io.chatmedia.storage.KeyFolders;
import io.chatmedia.storage.ResumableWrites;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects as files under one root folder. A put writes to a hidden temporary file in the target folder,
 * forces it to disk and renames it atomically over the key, so readers see either nothing or the whole
 * object. Keys are confined to the root: {@link BlobKeys} refuses {@code ..} and absolute keys, and every
 * access checks that the real path (symlinks followed) is still inside the root.
 */
public final class LocalDiskBlobStore implements BlobStore {

    private static final Logger log = LoggerFactory.getLogger(LocalDiskBlobStore.class);
    private static final String TEMP_PREFIX = BlobKeys.RESERVED_PREFIX + "upload-";
    private static final int COPY_BUFFER = 128 * 1024;
    private static final Duration FOLDER_TRUST = Duration.ofSeconds(1);

    private final Path root;
    private final LocalResumableWrites resumable;
    private final UnsyncedFolderGuard unsynced;
    private final VerifiedFolders folders;

    /**
     * Creates the root folder when it does not exist yet, and discards the results written without fsync in an earlier
     * boot of the machine ({@link UnsyncedFolderGuard}).
     */
    public LocalDiskBlobStore(Path root) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
        this.resumable = new LocalResumableWrites(this);
        this.folders = new VerifiedFolders(this.root, FOLDER_TRUST.toNanos(), System::nanoTime);
        this.unsynced = new UnsyncedFolderGuard(this.root, this.root.resolve(KeyFolders.DERIVED));
        unsynced.open();
    }

    @Override
    public String name() {
        return "local";
    }

    /** The folder holding every object. */
    public Path root() {
        return root;
    }

    @Override
    public BlobInfo put(String key, InputStream content) throws IOException {
        return store(key, content, true);
    }

    /**
     * Written and renamed into place without fsync (a few milliseconds less per result on most disks): a crash of the
     * machine may leave such a file torn, so an opening in a later boot discards them all ({@link
     * UnsyncedFolderGuard}).
     */
    @Override
    public BlobInfo putRecomputable(String key, byte[] content) throws IOException {
        KeyFolders.requireRecomputable(key);
        unsynced.beforeUnsyncedWrite();
        return store(key, new ByteArrayInputStream(content), false);
    }

    /** Into a temporary file beside the target, renamed over it; with {@code durable}, the file and folder fsynced. */
    private BlobInfo store(String key, InputStream content, boolean durable) throws IOException {
        Path target = pathOf(key);
        Path folder = target.getParent();
        Files.createDirectories(folder);
        requireInsideRoot(folder.toRealPath());
        Path temp = folder.resolve(TEMP_PREFIX + UUID.randomUUID() + ".tmp");
        try {
            long size;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                size = copy(content, out);
                if (durable) {
                    out.force(true);
                }
            }
            moveIntoPlace(temp, target);
            if (durable) {
                forceFolder(folder);
            }
            return new BlobInfo(key, size, Files.getLastModifiedTime(target).toInstant());
        } catch (Throwable failure) {
            deleteQuietly(temp, failure);
            throw failure;
        }
    }

    /**
     * Writes everything {@code content} yields at the channel's position. readNBytes fills the buffer: one 128 KiB
     * write per buffer, not one per small socket or parser chunk.
     *
     * @return the number of bytes written
     */
    static long copy(InputStream content, FileChannel out) throws IOException {
        long size = 0;
        byte[] buffer = new byte[COPY_BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        int n;
        while ((n = content.readNBytes(buffer, 0, buffer.length)) > 0) {
            wrapped.clear().limit(n);
            while (wrapped.hasRemaining()) {
                out.write(wrapped);
            }
            size += n;
        }
        return size;
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the data folder does not support atomic renames: " + target.getParent(), e);
        }
    }

    /** Makes the rename itself durable; some file systems refuse to open a folder, which only costs durability. */
    static void forceFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync folder {}: {}", folder, e.toString());
        }
    }

    private static void deleteQuietly(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Appended to a file of its own under the root, moved into place when complete (no second copy). */
    @Override
    public Optional<ResumableWrites> resumableWrites() {
        return Optional.of(resumable);
    }

    @Override
    public InputStream open(String key, ByteRange range) throws IOException {
        return FileRanges.open(existingFile(key).orElseThrow(() -> new BlobNotFoundException(key)), range);
    }

    @Override
    public Optional<Path> localFile(String key) throws IOException {
        return existingFile(key);
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        Optional<Path> file = existingFile(key);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        BasicFileAttributes attributes = Files.readAttributes(file.get(), BasicFileAttributes.class);
        return Optional.of(new BlobInfo(
                key, attributes.size(), attributes.lastModifiedTime().toInstant()));
    }

    @Override
    public boolean delete(String key) throws IOException {
        Optional<Path> file = existingFile(key);
        return file.isPresent() && Files.deleteIfExists(file.get());
    }

    @Override
    public void checkAvailable() throws IOException {
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new IOException("the data folder is not a writable folder: " + root);
        }
    }

    @Override
    public Stream<BlobInfo> list(String prefix) throws IOException {
        Path start = root.resolve(folderPartOf(prefix));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return Stream.empty();
        }
        return Files.walk(start)
                .filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                .filter(path -> !path.getFileName().toString().startsWith(BlobKeys.RESERVED_PREFIX))
                .map(this::keyOf)
                .filter(key -> key.startsWith(prefix) && BlobKeys.isValid(key))
                .map(key -> {
                    try {
                        return stat(key);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .flatMap(Optional::stream);
    }

    /**
     * Removes temporary files that a crashed or killed process left behind, older than {@code age}.
     *
     * @return how many were removed
     */
    public int sweepTemporaryFiles(Duration age) throws IOException {
        return sweepTemporaryFilesBefore(Instant.now().minus(age));
    }

    /**
     * Removes temporary files last written before {@code cutoff}; at start, the process's own start: every temporary
     * file older than that was left by a process that is gone (one process writes into a data dir).
     *
     * @return how many were removed
     */
    public int sweepTemporaryFilesBefore(Instant cutoff) throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                if (path.getFileName().toString().startsWith(TEMP_PREFIX)
                        && Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS)
                                .toInstant()
                                .isBefore(cutoff)) {
                    try {
                        if (Files.deleteIfExists(path)) {
                            removed++;
                        }
                    } catch (NoSuchFileException ignored) {
                        // removed concurrently
                    }
                }
            }
        }
        return removed;
    }

    /**
     * The file under {@code key}, if it is a regular file inside the root. The common case, a regular file in a folder
     * recently verified ({@link VerifiedFolders}), costs one {@code lstat}; a symbolic link is resolved and checked.
     */
    private Optional<Path> existingFile(String key) throws IOException {
        Path path = pathOf(key);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            if (attributes.isRegularFile() && folders.isReal(path.getParent())) {
                return Optional.of(path);
            }
        } catch (NoSuchFileException e) {
            return Optional.empty(); // removed meanwhile
        }
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        Path real = path.toRealPath();
        requireInsideRoot(real);
        return Files.isRegularFile(real) ? Optional.of(real) : Optional.empty();
    }

    Path pathOf(String key) {
        BlobKeys.check(key);
        Path path = root.resolve(key).normalize();
        requireInsideRoot(path);
        return path;
    }

    void requireInsideRoot(Path path) {
        if (!path.startsWith(root)) {
            throw new InvalidBlobKeyException("key resolves outside the store");
        }
    }

    private String keyOf(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private static String folderPartOf(String prefix) {
        int slash = prefix.lastIndexOf('/');
        if (slash <= 0) {
            return "";
        }
        String folder = prefix.substring(0, slash);
        BlobKeys.check(folder);
        return folder;
    }
}
