package io.chatmedia.process.image;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaKind;
import io.chatmedia.process.MediaProbe;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** Images ChatMedia reads (header only): upright width and height, whether animated, the frame count. */
@Component
class ImageUploadProbe implements MediaProbe {

    private final ImageSources sources;

    private final ImageDocuments documents;

    ImageUploadProbe(ImageSources sources, ImageDocuments documents) {
        this.sources = sources;
        this.documents = documents;
    }

    @Override
    public boolean reads(Media media) {
        return media.kind() == MediaKind.IMAGE && ImageFormat.ofContentType(media.contentType()) != null;
    }

    @Override
    public Media probe(Media media, BlobStore store) throws IOException {
        ImageHeader header = sources.probe(store, media.storageKey(), media.size());
        Media.Probe probe = Media.Probe.image(header.animated(), header.frames());
        try {
            probe = probe.withBlurhash(
                    documents.blurhash(store, media.storageKey(), media.size(), Placeholders.X, Placeholders.Y));
        } catch (ApiException e) {
            // over the decoding limits, or undecodable: recorded without a placeholder
        }
        return media.probed(header.uprightWidth(), header.uprightHeight(), null, null, probe);
    }
}
