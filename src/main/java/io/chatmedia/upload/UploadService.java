package io.chatmedia.upload;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaService;
import io.chatmedia.media.StoredBlob;
import io.chatmedia.process.MediaProber;
import io.chatmedia.security.Caller;
import io.chatmedia.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Receives one upload end to end: checks the request before reading it (type, declared length against the
 * caller's limit), streams the file into its store, records the row. Whatever fails, nothing is kept: no
 * partial file, no blob without a row, no row without a blob.
 */
@Service
public class UploadService {

    /** Room for boundaries, part headers and small form fields around the file in a multipart body. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final MultipartFileReader multipart;
    private final BlobIngest ingest;
    private final MediaService media;
    private final UploadLimits limits;
    private final UploadMetrics metrics;
    private final MediaProber probe;
    private final UploadsInFlight inFlight;

    UploadService(
            MultipartFileReader multipart,
            BlobIngest ingest,
            MediaService media,
            UploadLimits limits,
            UploadMetrics metrics,
            MediaProber probe,
            UploadsInFlight inFlight) {
        this.multipart = multipart;
        this.ingest = ingest;
        this.media = media;
        this.limits = limits;
        this.metrics = metrics;
        this.probe = probe;
        this.inFlight = inFlight;
    }

    /** What was received: the new media item and the form fields that came with it. */
    public record Received(Media media, Map<String, String> fields) {}

    /** {@link #receiveMultipart(HttpServletRequest, Caller, UploadTarget, ImageClassRule)} recording class 0. */
    public Received receiveMultipart(HttpServletRequest request, Caller caller, UploadTarget target)
            throws IOException {
        return receiveMultipart(request, caller, target, ImageClassRule.NONE);
    }

    /**
     * Receives a multipart/form-data body holding exactly one file.
     *
     * @param imageClass asked for the row's image class id once the file is stored; when it refuses, the file is
     *                   removed and its answer given
     * @throws ApiException 415 for another content type; 413 over the caller's limit; 400 for no file, two
     *                      files, an empty file, a wrong field or a malformed body
     */
    public Received receiveMultipart(
            HttpServletRequest request, Caller caller, UploadTarget target, ImageClassRule imageClass)
            throws IOException {
        try (UploadsInFlight.Slot slot = inFlight.acquire(caller)) {
            String contentType = request.getContentType();
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                throw ApiException.unsupportedMediaType("expected a multipart/form-data body");
            }
            long limit = limits.maxBytes(caller);
            checkDeclaredLength(request, limit + MULTIPART_OVERHEAD, limit);
            MultipartFileReader.Result<UploadedFile> body = multipart.read(
                    request, (part, fields) -> store(part, target, limit), file -> deleteQuietly(file.blob()));
            return new Received(record(caller, body.file(), body.fields(), imageClass), body.fields());
        } catch (UploadTooLargeException e) {
            throw failed(ApiException.tooLarge(e.getMessage()));
        } catch (ApiException e) {
            throw failed(e);
        }
    }

    /**
     * Receives a raw body as the file (the native API's alternative to multipart).
     *
     * @throws ApiException 413 over the caller's limit; 400 for an empty body
     */
    public Received receiveRaw(HttpServletRequest request, Caller caller, UploadTarget target, String fileName)
            throws IOException {
        try (UploadsInFlight.Slot slot = inFlight.acquire(caller)) {
            long limit = limits.maxBytes(caller);
            checkDeclaredLength(request, limit, limit);
            FilePart part = new FilePart("", fileName == null ? "" : fileName, request.getInputStream());
            return new Received(record(caller, store(part, target, limit), Map.of(), ImageClassRule.NONE), Map.of());
        } catch (UploadTooLargeException e) {
            throw failed(ApiException.tooLarge(e.getMessage()));
        } catch (ApiException e) {
            throw failed(e);
        }
    }

    private UploadedFile store(FilePart part, UploadTarget target, long limit) throws IOException {
        if (target.expectedField() != null && !target.expectedField().equals(part.fieldName())) {
            throw ApiException.badRequest(target.wrongField().apply(target.expectedField(), part.fieldName()));
        }
        String key = target.keys().keyFor(part.fileName());
        StoredBlob blob = ingest.store(target.store(), key, part.content(), limit);
        if (blob.size() == 0) {
            deleteQuietly(blob);
            throw ApiException.badRequest("the file is empty");
        }
        return new UploadedFile(blob, part.fileName());
    }

    private Media record(Caller caller, UploadedFile file, Map<String, String> fields, ImageClassRule imageClass) {
        long imageClassId;
        try {
            imageClassId = imageClass.imageClassId(fields);
        } catch (RuntimeException e) {
            deleteQuietly(file.blob());
            throw e;
        }
        Media probed;
        try {
            // probed before its row exists: a file the probe refuses (damaged) leaves nothing behind
            probed = probe.examine(
                    media.describe(caller, file.blob(), file.originalName(), imageClassId),
                    file.blob().store());
        } catch (RuntimeException e) {
            deleteQuietly(file.blob());
            throw e;
        }
        Media recorded = media.record(probed, file.blob());
        metrics.succeeded(recorded.kind().label(), recorded.size());
        return recorded;
    }

    private static void checkDeclaredLength(HttpServletRequest request, long maxBody, long limit) {
        if (request.getContentLengthLong() > maxBody) {
            throw ApiException.tooLarge("file exceeds the upload limit of " + limit + " bytes");
        }
    }

    private ApiException failed(ApiException e) {
        metrics.failed(Integer.toString(e.status().value()));
        return e;
    }

    private void deleteQuietly(StoredBlob blob) {
        media.discard(blob.store(), blob.key());
    }
}
