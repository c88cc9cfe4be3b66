package io.chatmedia.media;

import io.chatmedia.security.Caller;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.storage.KeyFolders;
import io.chatmedia.system.Envelope;
import io.chatmedia.system.QueryParameters;
import io.chatmedia.upload.StorageKeys;
import io.chatmedia.upload.UploadService;
import io.chatmedia.upload.UploadTarget;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The native media API under {@code /v1/media}. */
@RestController
@RequestMapping("/v1/media")
class MediaController {

    private final UploadService uploads;
    private final MediaService media;
    private final BlobStores stores;
    private final StorageKeys keys;
    private final MediaUrls urls;

    MediaController(UploadService uploads, MediaService media, BlobStores stores, StorageKeys keys, MediaUrls urls) {
        this.uploads = uploads;
        this.media = media;
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
        boolean multipart = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
        UploadService.Received received;
        if (multipart) {
            received = uploads.receiveMultipart(request, caller,
                    UploadTarget.field(stores.primary(), name -> keys.dated(KeyFolders.NATIVE, name), "file"));
        } else {
            received = uploads.receiveRaw(request, caller,
                    UploadTarget.anyField(stores.primary(), name -> keys.dated(KeyFolders.NATIVE, name)), filename);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Envelope.ok(MediaView.of(received.media(), urls)));
    }

    @GetMapping("/{id}")
    Envelope get(@PathVariable String id) {
        return Envelope.ok(MediaView.of(media.get(id), urls));
    }

    /** Removes the blob, everything derived from it and the row; only the owner may. */
    @DeleteMapping("/{id}")
    Envelope delete(@PathVariable String id, Caller caller) {
        media.delete(caller, id);
        return Envelope.ok(Map.of("id", id, "deleted", true));
    }
}
