package io.chatmedia.process.audio;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaKind;
import io.chatmedia.process.MediaProbe;
import io.chatmedia.storage.BlobStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Audio at upload: codec, rate, channels and bitrate from the header; the duration and the waveform by decoding
 * (a voice recorder's header may have no duration, or a wrong one). SILK is recognised, not decoded.
 */
@Component
class AudioUploadProbe implements MediaProbe {

    private final AudioEngine engine;

    AudioUploadProbe(AudioEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean reads(Media media) {
        return media.kind() == MediaKind.AUDIO;
    }

    @Override
    public Media probe(Media media, BlobStore store) throws IOException {
        if (media.contentType().equalsIgnoreCase("audio/silk")) {
            return media.probed(null, null, null, null, Media.Probe.audio("silk", null, null, null, null));
        }
        AudioEngine.Probe probe = engine.probe(store, media.storageKey(), media.size());
        AudioHeader header = probe.header();
        long duration = probe.durationMs();
        Long bitrate = header.bitrate() > 0 ? header.bitrate() : duration > 0 ? media.size() * 8000 / duration : null;
        List<Integer> waveform = probe.waveform() == null
                ? null
                : Arrays.stream(probe.waveform()).boxed().toList();
        return media.probed(
                null,
                null,
                duration > 0 ? duration : null,
                null,
                Media.Probe.audio(
                        header.codec(),
                        bitrate,
                        header.sampleRate() > 0 ? header.sampleRate() : null,
                        header.channels() > 0 ? header.channels() : null,
                        waveform));
    }
}
