package io.chatmedia.screenshot;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaService;
import io.chatmedia.media.StoredBlob;
import io.chatmedia.process.video.VideoEngine;
import io.chatmedia.security.Caller;
import io.chatmedia.storage.BlobRef;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import io.chatmedia.upload.BlobIngest;
import io.chatmedia.upload.KeyScheme;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.springframework.stereotype.Service;

/**
 * Grabs one frame of a video and keeps it as a new media item of the caller's. The video is one of ChatMedia's own
 * objects or, only through the safe fetcher, a foreign URL; FFmpeg only ever reads through ChatMedia's own I/O.
 * The image goes the way every upload goes: measured and stored by {@link BlobIngest}, recorded by
 * {@link MediaService}. Not cached: each call stores a new image.
 */
@Service
public class ScreenshotService {

    private final VideoSources sources;
    private final VideoEngine video;
    private final BlobIngest ingest;
    private final MediaService media;

    ScreenshotService(VideoSources sources, VideoEngine video, BlobIngest ingest, MediaService media) {
        this.sources = sources;
        this.video = video;
        this.ingest = ingest;
        this.media = media;
    }

    /**
     * @param store where the image is stored
     * @param keys  names its key, asked with the file name {@code screenshot.<format>} once the frame is grabbed
     * @throws ApiException 400 for an invalid path, a source that is not a readable video, or a foreign URL the
     *                      fetcher refuses as malformed; 404 for an own path holding nothing; the fetcher's other
     *                      refusals (403, 413, ...). Storing and recording answer no 400.
     * @throws IOException  when a store fails; nothing is kept
     */
    public Screenshot take(Caller caller, ScreenshotRequest request, BlobStore store, KeyScheme keys)
            throws IOException {
        VideoEngine.Screenshot shot;
        try (VideoSources.Source source = sources.resolve(request.videoUrl())) {
            BlobRef blob = source.blob();
            shot = video.screenshot(
                    blob.store(), blob.key(), blob.size(), request.timeMs(), request.width(), request.format());
        }
        byte[] image = shot.image();
        String key = keys.keyFor("screenshot." + request.format());
        StoredBlob stored = ingest.store(store, key, new ByteArrayInputStream(image), image.length);
        Media recorded = media.record(caller, stored, key.substring(key.lastIndexOf('/') + 1), 0);
        return new Screenshot(image, shot.width(), recorded);
    }
}
