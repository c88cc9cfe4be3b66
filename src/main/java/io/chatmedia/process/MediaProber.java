package io.chatmedia.process;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaRepository;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Probes media right after they are stored, with the first {@link MediaProbe} that reads them, and records what was
 * found. A file the probe cannot read stays recorded, without these values: it is still a file the client uploaded.
 */
@Component
public class MediaProber {

    private static final Logger log = LoggerFactory.getLogger(MediaProber.class);

    private final List<MediaProbe> probes;
    private final MediaRepository repository;

    MediaProber(List<MediaProbe> probes, MediaRepository repository) {
        this.probes = probes;
        this.repository = repository;
    }

    /**
     * Probes a media item just recorded and records what was found; returns the item as it is now. Never fails: a
     * file that cannot be probed is logged and returned as it was.
     */
    public Media probe(Media media, BlobStore store) {
        for (MediaProbe probe : probes) {
            if (probe.reads(media)) {
                try {
                    Media probed = probe.probe(media, store);
                    repository.updateProbe(probed);
                    return probed;
                } catch (ApiException | IOException e) {
                    log.info(
                            "{} {} ({}) could not be probed: {}",
                            media.kind().label(),
                            media.id(),
                            media.contentType(),
                            e.getMessage());
                    return media;
                }
            }
        }
        return media;
    }
}
