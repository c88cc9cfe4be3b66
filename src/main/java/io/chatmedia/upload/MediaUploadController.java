package io.chatmedia.upload;

import io.chatmedia.media.MediaUrls;
import io.chatmedia.media.MediaView;
import io.chatmedia.security.Caller;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.storage.KeyFolders;
import io.chatmedia.system.Envelope;
import io.chatmedia.system.QueryParameters;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The native upload route, {@code POST /v1/media}. */
@RestController
@RequestMapping("/v1/media")
class MediaUploadController {

    private final UploadService uploads;
    private final BlobStores stores;
    private final StorageKeys keys;
    private final MediaUrls urls;

    MediaUploadController(UploadService uploads, BlobStores stores, StorageKeys keys, MediaUrls urls) {
        this.uploads = uploads;
        this.stores = stores;
        this.keys = keys;
        this.urls = urls;
    }

    /**
     * Uploads one file: a multipart body with the file under {@code file}, or the raw bytes as the body
     * (any other Content-Type) with an optional {@code ?filename=}.
     */
    @PostMapping
    ResponseEntity<Envelope> upload(Caller caller, HttpServletRequest request) throws IOException {
        String filename = QueryParameters.first(request, "filename").orElse(null);
        String contentType = request.getContentType();
        boolean multipart =
                contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
        UploadService.Received received;
        if (multipart) {
            received = uploads.receiveMultipart(
                    request,
                    caller,
                    UploadTarget.field(stores.primary(), name -> keys.dated(KeyFolders.NATIVE, name), "file"));
        } else {
            received = uploads.receiveRaw(
                    request,
                    caller,
                    UploadTarget.anyField(stores.primary(), name -> keys.dated(KeyFolders.NATIVE, name)),
                    filename);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Envelope.ok(MediaView.of(received.media(), urls)));
    }
}
