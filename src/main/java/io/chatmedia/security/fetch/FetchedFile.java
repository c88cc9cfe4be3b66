package io.chatmedia.security.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A downloaded file in the fetcher's temporary folder; {@link #close()} deletes it. Use it in try-with-resources.
 */
public final class FetchedFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FetchedFile.class);

    private final Path path;
    private final long size;
    private final String contentType;
    private final URI uri;
    private final AtomicBoolean closed = new AtomicBoolean();

    FetchedFile(Path path, long size, String contentType, URI uri) {
        this.path = path;
        this.size = size;
        this.contentType = contentType;
        this.uri = uri;
    }

    /** The temporary file holding the body; valid until {@link #close()}. */
    public Path path() {
        return path;
    }

    /** The number of bytes downloaded. */
    public long size() {
        return size;
    }

    /** The {@code Content-Type} header exactly as the upstream sent it, or {@code null} when it sent none. */
    public String contentType() {
        return contentType;
    }

    /** The URL the body came from, after redirects. */
    public URI uri() {
        return uri;
    }

    /** Deletes the file; calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                log.warn("Could not delete the fetched file {}; it goes at exit", path, e);
                path.toFile().deleteOnExit();
            }
        }
    }

    @Override
    public String toString() {
        return "FetchedFile[" + path + ", " + size + " bytes, " + contentType + ", from " + uri + "]";
    }
}
