package io.chatmedia.security.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * Streams a response's body, bytes as sent, into a new file of the {@link FetchTempFolder}, never holding it in
 * memory. A body over the size limit is refused from its {@code Content-Length} before reading, or cut when streamed
 * over it (413); one still streaming at the deadline is cut (400). On any failure the file is deleted.
 */
final class TempFileDownload {

    private static final int BUFFER = 64 * 1024;

    private final FetchTempFolder folder;
    private final long maxBytes;
    private final FetchErrors errors;

    TempFileDownload(FetchTempFolder folder, long maxBytes, FetchErrors errors) {
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.errors = errors;
    }

    /**
     * The body of {@code response}, which came from {@code uri}, by {@code deadline} ({@link System#nanoTime()}).
     * The input stream is closed only when read to its end (which releases the connection for reuse): closing it
     * earlier would drain the rest, so on failure the caller cuts the connection instead ({@link Hop#close()}).
     */
    FetchedFile save(ClassicHttpResponse response, URI uri, long deadline) throws IOException {
        HttpEntity entity = response.getEntity();
        long declared = entity == null ? 0 : entity.getContentLength();
        if (declared > maxBytes) {
            throw errors.tooLarge();
        }
        Header type = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
        Path file = folder.newFile();
        boolean kept = false;
        try {
            long size = 0;
            if (entity != null) {
                InputStream in = entity.getContent();
                try (OutputStream out = Files.newOutputStream(file)) {
                    byte[] buffer = new byte[BUFFER];
                    for (int n; (n = in.read(buffer)) != -1; ) {
                        size += n;
                        if (size > maxBytes) {
                            throw errors.tooLarge();
                        }
                        if (System.nanoTime() - deadline >= 0) {
                            throw errors.timedOut(uri);
                        }
                        out.write(buffer, 0, n);
                    }
                }
                in.close();
            }
            kept = true;
            return new FetchedFile(file, size, type == null ? null : type.getValue(), uri);
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
        }
    }
}
