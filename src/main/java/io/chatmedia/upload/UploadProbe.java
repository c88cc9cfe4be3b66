package io.chatmedia.upload;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaKind;
import io.chatmedia.media.MediaRepository;
import io.chatmedia.process.image.ImageEngine;
import io.chatmedia.process.image.ImageHeader;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.process.video.VideoEngine;
import io.chatmedia.process.video.VideoHeader;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Probes videos and audio right after they are stored (headers only, through ranged reads) and records duration,
 * upright width and height, rotation, codecs, bitrate, fps and whether there is sound; images (header only) get their
 * upright width and height, whether they are animated and their frame count. A file the probe cannot read
 * stays recorded, without these values: it is still a file the client uploaded.
 */
@Component
class UploadProbe {

    private static final Logger log = LoggerFactory.getLogger(UploadProbe.class);

    private final VideoEngine video;
    private final ImageEngine images;
    private final MediaRepository repository;

    UploadProbe(VideoEngine video, ImageEngine images, MediaRepository repository) {
        this.video = video;
        this.images = images;
        this.repository = repository;
    }

    private Media probeImage(Media media, BlobStore store) {
        if (ImageFormat.ofContentType(media.contentType()) == null) {
            return media;
        }
        try {
            ImageHeader header = images.probe(store, media.storageKey(), media.size());
            Media probed = media.probed(header.uprightWidth(), header.uprightHeight(), null, null,
                    Media.Probe.image(header.animated(), header.frames()));
            repository.updateProbe(probed);
            return probed;
        } catch (ApiException | IOException e) {
            log.info("image {} ({}) could not be probed: {}", media.id(), media.contentType(), e.getMessage());
            return media;
        }
    }

    /** The container's figure, or the average over the file when the header has none. */
    private static Long bitrate(VideoHeader header, long size) {
        if (header.bitrate() > 0) {
            return header.bitrate();
        }
        return header.durationMs() > 0 ? size * 8000 / header.durationMs() : null;
    }

    Media probe(Media media, BlobStore store) {
        if (media.kind() == MediaKind.IMAGE) {
            return probeImage(media, store);
        }
        if (media.kind() != MediaKind.VIDEO && media.kind() != MediaKind.AUDIO) {
            return media;
        }
        try {
            VideoHeader header = video.probe(store, media.storageKey(), media.size());
            boolean hasVideo = header.hasVideo() && header.codedWidth() > 0;
            Media probed = media.probed(hasVideo ? header.width() : null, hasVideo ? header.height() : null,
                    header.durationMs() > 0 ? header.durationMs() : null, hasVideo ? header.rotation() : null,
                    new Media.Probe(header.videoCodec(), header.audioCodec(), bitrate(header, media.size()),
                            hasVideo && header.fps() > 0 ? header.fps() : null, header.hasAudio()));
            repository.updateProbe(probed);
            return probed;
        } catch (ApiException | IOException e) {
            log.info("media {} ({}) could not be probed: {}", media.id(), media.contentType(), e.getMessage());
            return media;
        }
    }
}
