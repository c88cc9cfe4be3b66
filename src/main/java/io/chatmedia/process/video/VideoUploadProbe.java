package io.chatmedia.process.video;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaKind;
import io.chatmedia.process.MediaProbe;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * Videos (headers only, through ranged reads): duration, upright width and height, rotation, codecs,
 * bitrate, fps and whether there is sound.
 */
@Component
class VideoUploadProbe implements MediaProbe {

    private final VideoEngine engine;

    VideoUploadProbe(VideoEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean reads(Media media) {
        return media.kind() == MediaKind.VIDEO;
    }

    @Override
    public Media probe(Media media, BlobStore store) throws IOException {
        VideoHeader header = engine.probe(store, media.storageKey(), media.size());
        boolean hasVideo = header.hasVideo() && header.codedWidth() > 0;
        if (!header.hasVideo() && header.hasAudio()) {
            return media.asAudio(); // sound only: the audio probe reads it
        }
        String placeholder = null;
        if (hasVideo) {
            try {
                placeholder = engine.placeholder(store, media.storageKey(), media.size());
            } catch (ApiException e) {
                // no decodable first frame: recorded without a placeholder
            }
        }
        return media.probed(
                hasVideo ? header.width() : null,
                hasVideo ? header.height() : null,
                header.durationMs() > 0 ? header.durationMs() : null,
                hasVideo ? header.rotation() : null,
                new Media.Probe(
                                header.videoCodec(),
                                header.audioCodec(),
                                bitrate(header, media.size()),
                                hasVideo && header.fps() > 0 ? header.fps() : null,
                                header.hasAudio())
                        .withBlurhash(placeholder));
    }

    /** The container's figure, or the average over the file when the header has none. */
    private static Long bitrate(VideoHeader header, long size) {
        if (header.bitrate() > 0) {
            return header.bitrate();
        }
        return header.durationMs() > 0 ? size * 8000 / header.durationMs() : null;
    }
}
