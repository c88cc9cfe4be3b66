package io.chatmedia.process.audio;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code chatmedia.audio.*}: {@code waveform-max-duration} (default 30 min: longer audio is probed without its
 * waveform, and {@code audio/waveform} on it is a 400) and {@code max-result-size} (default 64 MB: a conversion that
 * would be larger is a 400 asking for a part), {@code max-job-memory} (default 128 MB: the native memory one audio job
 * may use, from the header's channel count before decoding, see {@link AudioMemory}; more is a 400 naming it) and
 * {@code encoder-parts} (default the core count: an M4A/AAC conversion of 10 s or more is encoded in segments by up
 * to that many encoders at once, the extra ones on workers idle at the time, see {@link SplitEncoding}; 1: every
 * conversion on one thread).
 */
@ConfigurationProperties("chatmedia.audio")
record AudioProperties(
        Duration waveformMaxDuration, DataSize maxResultSize, DataSize maxJobMemory, Integer encoderParts) {

    AudioProperties {
        maxJobMemory = maxJobMemory == null ? DataSize.ofMegabytes(128) : maxJobMemory;
        encoderParts = encoderParts == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, encoderParts);
        waveformMaxDuration = waveformMaxDuration == null ? Duration.ofMinutes(30) : waveformMaxDuration;
        maxResultSize = maxResultSize == null ? DataSize.ofMegabytes(64) : maxResultSize;
    }
}
