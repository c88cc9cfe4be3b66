package io.chatmedia.process.audio;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code chatmedia.audio.*}: {@code waveform-max-duration} (default 30 min: longer audio is probed without its
 * waveform, and {@code audio/waveform} on it is a 400) and {@code max-result-size} (default 64 MB: a conversion that
 * would be larger is a 400 asking for a part), {@code max-job-memory} (default 128 MB: the native memory one audio job
 * may use, from the header's channel count before decoding, see {@link AudioMemory}; more is a 400 naming it) and
 * {@code encoder-parts} (default 1: every conversion on one thread; 2 or more: a long M4A/AAC conversion is encoded in
 * up to that many parts on workers idle at the time).
 */
@ConfigurationProperties("chatmedia.audio")
record AudioProperties(
        Duration waveformMaxDuration, DataSize maxResultSize, DataSize maxJobMemory, Integer encoderParts) {

    AudioProperties {
        maxJobMemory = maxJobMemory == null ? DataSize.ofMegabytes(128) : maxJobMemory;
        encoderParts = encoderParts == null ? 1 : Math.max(1, encoderParts);
        waveformMaxDuration = waveformMaxDuration == null ? Duration.ofMinutes(30) : waveformMaxDuration;
        maxResultSize = maxResultSize == null ? DataSize.ofMegabytes(64) : maxResultSize;
    }
}
