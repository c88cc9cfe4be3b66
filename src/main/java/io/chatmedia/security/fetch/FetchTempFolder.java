package io.chatmedia.security.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder downloads are streamed into, and the names of its files ({@code fetch-*.part}). Created when missing;
 * {@link #sweep()} deletes the files a process killed mid-download left behind.
 */
final class FetchTempFolder {

    private static final Logger log = LoggerFactory.getLogger(FetchTempFolder.class);

    static final String PREFIX = "fetch-";
    static final String SUFFIX = ".part";
    static final Duration STALE_AGE = Duration.ofHours(1);

    private final Path dir;

    /** @throws UncheckedIOException when the folder cannot be created */
    FetchTempFolder(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fetch folder " + dir, e);
        }
    }

    /** A new empty file, the folder created again if someone removed it. */
    Path newFile() throws IOException {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, PREFIX, SUFFIX);
    }

    /** Deletes the files older than {@link #STALE_AGE}; a failure is logged, not thrown. */
    void sweep() {
        Instant cutoff = Instant.now().minus(STALE_AGE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            log.warn("Could not clean the fetch folder {}", dir, e);
        }
    }
}
