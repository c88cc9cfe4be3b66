package io.chatmedia.resumable;

import io.chatmedia.media.MediaUrls;
import io.chatmedia.media.MediaView;
import io.chatmedia.security.Caller;
import io.chatmedia.system.ApiException;
import io.chatmedia.system.Envelope;
import io.chatmedia.system.EnvelopeWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * tus 1.0 resumable uploads under {@code /v1/uploads}: OPTIONS (discovery), POST (creation, with or without the
 * first bytes), HEAD (offset), PATCH (append), DELETE (termination), and GET (the media item a finished upload
 * became). {@code POST /v1/uploads/{id}} with {@code X-HTTP-Method-Override: PATCH|DELETE|HEAD} stands for those
 * methods (the WeChat mini program's {@code wx.request} cannot send PATCH). Failures carry the envelope, with tus's
 * own statuses (412, 409, 423, 460...).
 */
@RestController
@RequestMapping("/v1/uploads")
class TusController {

    private final TusService uploads;
    private final MediaUrls urls;

    TusController(TusService uploads, MediaUrls urls) {
        this.uploads = uploads;
        this.urls = urls;
    }

    /**
     * Discovery; needs no token. {@code Tus-Max-Size} is the caller's own upload limit when a token comes with the
     * request, else the largest limit of any role (a client learns its own at creation, where it is enforced).
     */
    @RequestMapping(method = RequestMethod.OPTIONS)
    ResponseEntity<Void> options(Optional<Caller> caller, HttpServletResponse response) {
        TusHeaders.resumable(response);
        response.setHeader(TusHeaders.TUS_MAX_SIZE, Long.toString(uploads.maxSize(caller)));
        response.setHeader(TusHeaders.TUS_VERSION, TusHeaders.VERSION);
        response.setHeader(TusHeaders.TUS_EXTENSION, TusHeaders.EXTENSIONS);
        response.setHeader(TusHeaders.TUS_CHECKSUM_ALGORITHM, UploadChecksum.ADVERTISED);
        return ResponseEntity.noContent().build();
    }

    @PostMapping
    ResponseEntity<Void> create(Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        checkVersion(request, response);
        response.setHeader(TusHeaders.TUS_MAX_SIZE, Long.toString(uploads.maxSize(caller)));
        Long length = TusHeaders.number(TusHeaders.UPLOAD_LENGTH, request.getHeader(TusHeaders.UPLOAD_LENGTH));
        String defer = request.getHeader(TusHeaders.UPLOAD_DEFER_LENGTH);
        if (defer != null && !defer.equals("1")) {
            throw TusException.badRequest("Upload-Defer-Length must be 1");
        }
        if ((length == null) == (defer == null)) {
            throw TusException.badRequest("exactly one of Upload-Length and Upload-Defer-Length is required");
        }
        if (length != null && length == 0) {
            throw TusException.badRequest("the file is empty");
        }
        UploadMetadata metadata = UploadMetadata.parse(request.getHeader(TusHeaders.UPLOAD_METADATA));
        boolean withBody = isOffsetOctetStream(request.getContentType());
        if (!withBody && request.getContentLengthLong() > 0) {
            throw new TusException(415, "a creation's body must be application/offset+octet-stream");
        }
        TusUpload upload = uploads.create(caller, length, metadata);
        String location = "/v1/uploads/" + upload.id();
        response.setHeader("Location", location);
        response.setHeader(TusHeaders.UPLOAD_EXPIRES, TusHeaders.httpDate(upload.expiresAt()));
        if (withBody) {
            TusService.Status status = uploads.append(caller, upload.id(), chunk(request, 0L));
            describe(status, response);
        }
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @RequestMapping(path = "/{id}", method = RequestMethod.HEAD)
    ResponseEntity<Void> head(
            @PathVariable String id, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        checkVersion(request, response);
        TusUpload upload = uploads.head(caller, id);
        response.setHeader(TusHeaders.UPLOAD_OFFSET, Long.toString(upload.offset()));
        if (upload.length() != null) {
            response.setHeader(TusHeaders.UPLOAD_LENGTH, Long.toString(upload.length()));
        } else {
            response.setHeader(TusHeaders.UPLOAD_DEFER_LENGTH, "1");
        }
        if (upload.metadata() != null) {
            response.setHeader(TusHeaders.UPLOAD_METADATA, upload.metadata());
        }
        if (!upload.complete()) {
            response.setHeader(TusHeaders.UPLOAD_EXPIRES, TusHeaders.httpDate(upload.expiresAt()));
        } else {
            mediaHeaders(upload.mediaId(), response);
        }
        response.setHeader("Cache-Control", "no-store");
        return ResponseEntity.ok().build();
    }

    @RequestMapping(path = "/{id}", method = RequestMethod.PATCH)
    ResponseEntity<Void> patch(
            @PathVariable String id, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        checkVersion(request, response);
        if (!isOffsetOctetStream(request.getContentType())) {
            throw new TusException(415, "a PATCH's body must be application/offset+octet-stream");
        }
        Long offset = TusHeaders.number(TusHeaders.UPLOAD_OFFSET, request.getHeader(TusHeaders.UPLOAD_OFFSET));
        if (offset == null) {
            throw TusException.badRequest("Upload-Offset is required");
        }
        describe(uploads.append(caller, id, chunk(request, offset)), response);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> terminate(
            @PathVariable String id, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        checkVersion(request, response);
        uploads.terminate(caller, id);
        return ResponseEntity.noContent().build();
    }

    /** The method override of clients that can only send GET and POST. */
    @PostMapping("/{id}")
    ResponseEntity<Void> overridden(
            @PathVariable String id, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String method = request.getHeader(TusHeaders.METHOD_OVERRIDE);
        switch (method == null ? "" : method.trim().toUpperCase(Locale.ROOT)) {
            case "PATCH":
                return patch(id, caller, request, response);
            case "DELETE":
                return terminate(id, caller, request, response);
            case "HEAD":
                return head(id, caller, request, response);
            default:
                throw new TusException(405, "POST on an upload needs X-HTTP-Method-Override: PATCH, DELETE or HEAD");
        }
    }

    /** The media item a finished upload became (the same JSON as {@code GET /v1/media/{id}}). */
    @GetMapping("/{id}")
    Envelope result(@PathVariable String id, Caller caller, HttpServletResponse response) throws IOException {
        TusHeaders.resumable(response);
        return Envelope.ok(MediaView.of(uploads.result(caller, id).media(), urls));
    }

    @ExceptionHandler(TusException.class)
    void tusFailure(TusException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        TusHeaders.resumable(response);
        EnvelopeWriter.fail(response, e.status(), e.getMessage(), EnvelopeWriter.mayHaveUnreadBody(request));
    }

    @ExceptionHandler(ApiException.class)
    void apiFailure(ApiException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        TusHeaders.resumable(response);
        EnvelopeWriter.fail(response, e.status().value(), e.getMessage(), EnvelopeWriter.mayHaveUnreadBody(request));
    }

    private void describe(TusService.Status status, HttpServletResponse response) {
        TusUpload upload = status.upload();
        response.setHeader(TusHeaders.UPLOAD_OFFSET, Long.toString(upload.offset()));
        if (status.media() != null) {
            mediaHeaders(status.media().id(), response);
            response.setHeader("Location", "/v1/uploads/" + upload.id());
            response.setHeader(TusHeaders.MEDIA_URL, urls.urlOf(status.media()));
        } else {
            response.setHeader(TusHeaders.UPLOAD_EXPIRES, TusHeaders.httpDate(upload.expiresAt()));
        }
    }

    private static void mediaHeaders(String mediaId, HttpServletResponse response) {
        response.setHeader(TusHeaders.MEDIA_ID, mediaId);
    }

    private static TusService.Chunk chunk(HttpServletRequest request, long offset) throws IOException {
        Long length = TusHeaders.number(TusHeaders.UPLOAD_LENGTH, request.getHeader(TusHeaders.UPLOAD_LENGTH));
        return new TusService.Chunk(
                offset,
                request.getInputStream(),
                request.getContentLengthLong(),
                UploadChecksum.parse(request.getHeader(TusHeaders.UPLOAD_CHECKSUM)),
                length);
    }

    /** Every tus request but OPTIONS names the protocol version; another one is a 412. */
    private static void checkVersion(HttpServletRequest request, HttpServletResponse response) {
        TusHeaders.resumable(response);
        if (!TusHeaders.VERSION.equals(request.getHeader(TusHeaders.TUS_RESUMABLE))) {
            response.setHeader(TusHeaders.TUS_VERSION, TusHeaders.VERSION);
            throw new TusException(412, "Tus-Resumable must be " + TusHeaders.VERSION);
        }
    }

    private static boolean isOffsetOctetStream(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String base = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return base.equalsIgnoreCase(TusHeaders.OFFSET_OCTET_STREAM);
    }
}
