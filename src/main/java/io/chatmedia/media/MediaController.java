package io.chatmedia.media;

import io.chatmedia.security.Caller;
import io.chatmedia.system.Envelope;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The native media API under {@code /v1/media}: read and delete (uploads: {@code upload/MediaUploadController}). */
@RestController
@RequestMapping("/v1/media")
class MediaController {

    private final MediaService media;
    private final MediaUrls urls;

    MediaController(MediaService media, MediaUrls urls) {
        this.media = media;
        this.urls = urls;
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
