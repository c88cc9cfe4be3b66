package io.chatmedia.process;

import io.chatmedia.media.Media;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Probes media once they are stored and before their row is written, with the first {@link MediaProbe} that reads
 * them, so the row is written once, with what was found. A file the probe cannot read is still a file the client
 * uploaded: it is recorded without these values. A file the probe finds damaged is refused: the probe's veto.
 */
@Component
public class MediaProber {

    private static final Logger log = LoggerFactory.getLogger(MediaProber.class);

    private final List<MediaProbe> probes;

    MediaProber(List<MediaProbe> probes) {
        this.probes = probes;
    }

    /**
     * The item, not yet recorded, with what its probe found. A probe may correct the kind (an MP4 whose index is at
     * its end sniffs as video; the video probe finds only sound): the new kind's probe then reads it.
     *
     * @throws DamagedMediaException when the file is damaged: the caller removes the blob and records nothing
     */
    public Media examine(Media media, BlobStore store) {
        Media current = media;
        for (int round = 0; round < 2; round++) {
            MediaProbe probe = probeFor(current);
            if (probe == null) {
                return current;
            }
            Media probed;
            try {
                probed = probe.probe(current, store);
            } catch (DamagedMediaException e) {
                throw e;
            } catch (ApiException | IOException e) {
                log.info(
                        "{} {} ({}) could not be probed: {}",
                        current.kind().label(),
                        current.id(),
                        current.contentType(),
                        e.getMessage());
                return current;
            }
            if (probed.kind() == current.kind()) {
                return probed;
            }
            current = probed;
        }
        return current;
    }

    private MediaProbe probeFor(Media media) {
        for (MediaProbe probe : probes) {
            if (probe.reads(media)) {
                return probe;
            }
        }
        return null;
    }
}
