package io.chatmedia.process.audio;

import io.chatmedia.process.spec.ProcessAction;
import java.util.Set;

/** {@code audio/waveform,n_<30..1000>}: the peak of each of n equal parts of the audio (default 100). */
record WaveformSpec(int buckets) {

    static final int DEFAULT_BUCKETS = 100;

    static WaveformSpec of(ProcessAction action) {
        AudioParams params = AudioParams.of(action, Set.of("n"));
        Long n = params.integer("n", 30, 1000, "");
        return new WaveformSpec(n == null ? DEFAULT_BUCKETS : n.intValue());
    }

    String canonical() {
        return "audio/waveform,n_" + buckets;
    }
}
