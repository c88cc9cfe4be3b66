package io.chatmedia.process.image;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaKind;
import io.chatmedia.process.MediaProbe;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.storage.BlobStore;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** Images ChatMedia reads (header only): upright width and height, whether animated, the frame count. */
@Component
class ImageUploadProbe implements MediaProbe {

    private final ImageSources sources;

    ImageUploadProbe(ImageSources sources) {
        this.sources = sources;
    }

    @Override
    public boolean reads(Media media) {
        return media.kind() == MediaKind.IMAGE && ImageFormat.ofContentType(media.contentType()) != null;
    }

    @Override
    public Media probe(Media media, BlobStore store) throws IOException {
        ImageHeader header = sources.probe(store, media.storageKey(), media.size());
        return media.probed(
                header.uprightWidth(),
                header.uprightHeight(),
                null,
                null,
                Media.Probe.image(header.animated(), header.frames()));
    }
}
