package io.chatmedia.storage.local;

import io.chatmedia.storage.BlobKeys;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps files written without fsync (results that can be computed again) from outliving a crash of the machine torn.
 * Before the first such write, a marker in the store's root records the boot it happens in; it is never removed (a
 * clean stop does not make the page cache durable at once). A store opened in another boot while the marker is there
 * (the machine went down, or was restarted, since unsynced files were written: their tail may be lost) discards the
 * unsynced folder: it is moved aside at once and deleted in the background, and its results are computed again when
 * asked for. A process that stops or is killed while the machine keeps running loses nothing (its writes are in the page
 * cache), so the same boot keeps the folder. Where the boot cannot be told (no {@code /proc/sys/kernel/random/boot_id}),
 * every opening after unsynced writes discards it.
 */
final class UnsyncedFolderGuard {

    private static final Logger log = LoggerFactory.getLogger(UnsyncedFolderGuard.class);
    static final String MARKER = BlobKeys.RESERVED_PREFIX + "open";
    private static final String TRASH_PREFIX = BlobKeys.RESERVED_PREFIX + "discarded-";
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final String UNKNOWN_BOOT = "unknown";

    private final Path root;
    private final Path folder;
    private final String boot;
    private boolean marked; // guarded by this

    /**
     * @param root   the store's root, where the marker lives
     * @param folder the folder under the root whose files are written without fsync
     */
    UnsyncedFolderGuard(Path root, Path folder) {
        this(root, folder, currentBoot(BOOT_ID));
    }

    UnsyncedFolderGuard(Path root, Path folder, String boot) {
        this.root = root;
        this.folder = folder;
        this.boot = boot;
    }

    /**
     * Discards the folder when unsynced files were written into it in another boot (or in a boot that cannot be told).
     *
     * @return whether the folder was discarded
     * @throws IOException when the marker cannot be read or removed, or the folder cannot be moved aside
     */
    synchronized boolean open() throws IOException {
        deleteLeftoverTrash();
        Path marker = root.resolve(MARKER);
        if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        String previous = Files.readString(marker, StandardCharsets.US_ASCII).trim();
        if (!previous.equals(UNKNOWN_BOOT) && previous.equals(boot)) {
            marked = true;
            return false;
        }
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            Path trash = root.resolve(TRASH_PREFIX + UUID.randomUUID());
            Files.move(folder, trash, StandardCopyOption.ATOMIC_MOVE);
            log.warn(
                    "{} was written without fsync before the machine last started: its results are computed again",
                    folder);
            deleteInBackground(trash);
        }
        Files.delete(marker);
        LocalDiskBlobStore.forceFolder(root);
        return true;
    }

    /**
     * Called before every write without fsync: the first one in this opening records the boot, durably, before it
     * happens.
     *
     * @throws IOException when the marker cannot be written (the write must not happen then)
     */
    synchronized void beforeUnsyncedWrite() throws IOException {
        if (!marked) {
            writeDurably(root.resolve(MARKER), boot);
            marked = true;
        }
    }

    /** Trash a previous opening moved aside but did not finish deleting (it stopped first). */
    private void deleteLeftoverTrash() throws IOException {
        try (var entries = Files.list(root)) {
            entries.filter(path -> path.getFileName().toString().startsWith(TRASH_PREFIX))
                    .forEach(UnsyncedFolderGuard::deleteInBackground);
        }
    }

    private static void deleteInBackground(Path trash) {
        Thread deleter = new Thread(() -> deleteTree(trash), "discard-" + trash.getFileName());
        deleter.setDaemon(true);
        deleter.start();
    }

    static void deleteTree(Path top) {
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // deleted by another opening's thread
        } catch (IOException e) {
            log.warn("could not delete {}: {}", top, e.toString());
        }
    }

    private static void writeDurably(Path marker, String content) throws IOException {
        try (FileChannel out = FileChannel.open(
                marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(StandardCharsets.US_ASCII.encode(content + "\n"));
            out.force(true);
        }
        LocalDiskBlobStore.forceFolder(marker.getParent());
    }

    static String currentBoot(Path bootIdFile) {
        try {
            return Optional.of(Files.readString(bootIdFile, StandardCharsets.US_ASCII)
                            .trim())
                    .filter(id -> !id.isEmpty())
                    .orElse(UNKNOWN_BOOT);
        } catch (IOException | SecurityException e) {
            return UNKNOWN_BOOT;
        }
    }
}
