package io.chatmedia.process.audio;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code chatmedia.audio.*}: {@code waveform-max-duration} (default 30 min: longer audio is probed without its
 * waveform, and {@code audio/waveform} on it is a 400) and {@code max-result-size} (default 64 MB: a conversion that
 * would be larger is a 400 asking for a part) and {@code max-job-memory} (default 128 MB: the native memory one audio job
 * may use, from the header's channel count before decoding, see {@link AudioMemory}; more is a 400 naming it).
 */
@ConfigurationProperties("chatmedia.audio")
record AudioProperties(Duration waveformMaxDuration, DataSize maxResultSize, DataSize maxJobMemory) {

    AudioProperties {
        maxJobMemory = maxJobMemory == null ? DataSize.ofMegabytes(128) : maxJobMemory;
        waveformMaxDuration = waveformMaxDuration == null ? Duration.ofMinutes(30) : waveformMaxDuration;
        maxResultSize = maxResultSize == null ? DataSize.ofMegabytes(64) : maxResultSize;
    }
}
