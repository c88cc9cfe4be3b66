package io.chatmedia.upload;

import io.chatmedia.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.springframework.stereotype.Component;

/**
 * Reads a multipart body that carries exactly one file, as a stream: the file part goes to the caller's
 * handler while it arrives (no buffering, no servlet temp files), small form fields are collected, and the
 * whole body is read to its closing boundary before the answer. When the body turns out bad after the file
 * was handled (a second file, a missing closing boundary), the handler's result is undone before the error.
 */
@Component
public class MultipartFileReader {

    private static final int MAX_PARTS = 32;
    private static final int MAX_FIELD_BYTES = 8 * 1024;

    /** Handles the file part's stream; its result is undone by {@link Undo} if the body later fails. */
    @FunctionalInterface
    public interface FileHandler<T> {
        T handle(FilePart part, Map<String, String> fieldsSoFar) throws IOException;
    }

    /** Reverses what a {@link FileHandler} did, best effort. */
    @FunctionalInterface
    public interface Undo<T> {
        void undo(T result);
    }

    /** What the body held: the handler's result for its one file and every form field. */
    public record Result<T>(T file, Map<String, String> fields) {
    }

    /**
     * @throws ApiException 400 for a body without a file part, with two file parts, or malformed;
     *                      whatever the handler threw otherwise (after nothing was kept)
     */
    public <T> Result<T> read(HttpServletRequest request, FileHandler<T> handler, Undo<T> undo) throws IOException {
        JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
        upload.setHeaderCharset(StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        T file = null;
        boolean handled = false;
        try {
            FileItemInputIterator parts = upload.getItemIterator(request);
            int count = 0;
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                if (++count > MAX_PARTS) {
                    throw ApiException.badRequest("too many parts in the multipart body");
                }
                if (part.isFormField()) {
                    fields.put(part.getFieldName(), readField(part));
                    continue;
                }
                if (handled) {
                    throw ApiException.badRequest("only one file may be uploaded per request");
                }
                String name = part.getName() == null ? "" : part.getName();
                // Not try-with-resources: closing a part's stream reads the part to its end, which on failure
                // would read the rest of an oversized upload. Closed only once the handler has read it all.
                InputStream content = part.getInputStream();
                file = handler.handle(new FilePart(part.getFieldName(), name, content), Map.copyOf(fields));
                handled = true;
                content.close();
            }
        } catch (FileUploadException e) {
            undoQuietly(undo, file, handled);
            throw ApiException.badRequest("malformed multipart body: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            undoQuietly(undo, file, handled);
            if (isMalformed(e)) {
                throw ApiException.badRequest("malformed multipart body: " + e.getMessage());
            }
            throw e;
        }
        if (!handled) {
            throw ApiException.badRequest("no file in the request");
        }
        return new Result<>(file, fields);
    }

    private static String readField(FileItemInput part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            byte[] value = in.readNBytes(MAX_FIELD_BYTES + 1);
            if (value.length > MAX_FIELD_BYTES) {
                throw ApiException.badRequest("form field '" + part.getFieldName() + "' is too long");
            }
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    /** Commons FileUpload's own stream errors (premature end, bad boundary, bad headers). */
    private static boolean isMalformed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("org.apache.commons.fileupload2")) {
                return true;
            }
        }
        return false;
    }

    private static <T> void undoQuietly(Undo<T> undo, T file, boolean handled) {
        if (handled && file != null) {
            undo.undo(file);
        }
    }
}
