package io.chatmedia.process.audio;

import io.chatmedia.process.DamagedMediaException;
import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.video.RangedBlobInputStream;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * ChatMedia's audio side over FFmpeg's C API: conversions ({@code audio/convert}), waveforms ({@code audio/waveform})
 * and the probe at upload (duration by decoding, waveform). Sources are read only through the stores' ranged reads;
 * decoding streams frame by frame, so memory does not grow with the audio's length.
 */
@Component
class AudioEngine {

    static final String PROBE = "audio probe";

    private final WorkerPool pool;
    private final SplitEncoding split;
    private final Waveforms waveforms;
    private final long waveformMaxMs;
    private final long maxResultBytes;
    private final long maxJobBytes;

    AudioEngine(WorkerPool pool, AudioProperties properties) {
        this.pool = pool;
        this.maxJobBytes = properties.maxJobMemory().toBytes();
        this.split = new SplitEncoding(pool, properties.encoderParts());
        this.waveforms = new Waveforms(
                new SplitDecoding(pool, properties.encoderParts() > 1),
                properties.waveformMaxDuration().toMillis(),
                properties.maxJobMemory().toBytes());
        this.waveformMaxMs = properties.waveformMaxDuration().toMillis();
        this.maxResultBytes = properties.maxResultSize().toBytes();
    }

    /** Second halves of waveforms decoded by helpers (for tests). */
    long halvesDecoded() {
        return waveforms.halvesDecoded();
    }

    /** What the probe at upload found; {@code waveform} null when the audio is longer than the limit. */
    record Probe(AudioHeader header, long durationMs, int[] waveform) {}

    /** The conversion {@code spec} asks for; called on a worker (by the derived results). */
    byte[] convert(BlobStore store, String key, long size, ConvertSpec spec) throws IOException {
        String action = "audio/convert";
        try (RangedBlobInputStream source = new RangedBlobInputStream(store, key, size);
                AudioInput input = AudioInput.open(source, action)) {
            AudioHeader header = input.header();
            AudioMemory.check(header, maxJobBytes, action);
            ConvertSpec.Target target = spec.target(header.sampleRate(), header.channels());
            long start = spec.startMs() * target.rate() / 1000;
            long wanted = spec.lengthMs() == null ? Long.MAX_VALUE : spec.lengthMs() * target.rate() / 1000;
            long known = header.estimated() || header.durationMs() <= 0
                    ? 0
                    : Math.max(1, header.durationMs() * target.rate() / 1000 - start);
            AudioInput.Pass pass;
            byte[] bytes;
            if (split.worthIt(target, Math.min(known == 0 ? Long.MAX_VALUE : known, wanted))) {
                SplitEncoding.Result result = split.encode(
                        action,
                        input,
                        target,
                        new MemoryOutput(maxResultBytes),
                        start,
                        wanted,
                        SplitEncoding.segmentSamples(target.rate()));
                pass = result.pass();
                bytes = result.file();
            } else {
                try (AudioOutput output = AudioOutput.open(action, target, new MemoryOutput(maxResultBytes))) {
                    pass = input.decodeSamples(
                            target.format().sampleFormat(),
                            target.rate(),
                            target.channels(),
                            start,
                            wanted,
                            false,
                            output::write);
                    bytes = output.finish();
                }
            }
            checkDecoded(action, spec, pass);
            boolean whole = spec.startMs() == 0 && spec.lengthMs() == null && !pass.stopped();
            refuseDamaged(
                    action,
                    whole
                            ? Damage.find(header, input.missingBytes(), pass, pass.samples() * 1000 / target.rate())
                            : Damage.packets(pass));
            return target.format() == AudioFormat.M4A ? Faststart.apply(bytes) : bytes;
        }
    }

    private static void checkDecoded(String action, ConvertSpec spec, AudioInput.Pass pass) {
        if (pass.samples() == 0) {
            throw ApiException.badRequest(
                    spec.startMs() > 0
                            ? action + ": ss_" + spec.startMs() + " is past the end of the audio"
                            : action + ": no audio could be decoded from the file");
        }
    }

    /** {@code audio/waveform}: {@code {"duration_ms": …, "waveform": […]}}, on a worker. */
    Map<String, Object> waveform(BlobStore store, String key, long size, WaveformSpec spec) throws IOException {
        return pool.run(() -> {
            String action = "audio/waveform";
            try (RangedBlobInputStream source = new RangedBlobInputStream(store, key, size)) {
                Waveforms.Measured measured =
                        waveforms.measure(source, () -> new RangedBlobInputStream(store, key, size), action, false);
                if (measured.peaks() == null) {
                    throw ApiException.badRequest(action + ": the audio is longer than the waveform limit of "
                            + waveformMaxMs / 60_000 + " min");
                }
                if (measured.peaks().frames() == 0) {
                    throw ApiException.badRequest(action + ": no audio could be decoded from the file");
                }
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("duration_ms", measured.durationMs());
                document.put("waveform", measured.peaks().buckets(spec.buckets()));
                return document;
            }
        });
    }

    /** The probe at upload: header, duration (decoded, or demuxed past the limit) and waveform; on a worker. */
    Probe probe(BlobStore store, String key, long size) throws IOException {
        return pool.run(() -> {
            try (RangedBlobInputStream source = new RangedBlobInputStream(store, key, size)) {
                Waveforms.Measured measured =
                        waveforms.measure(source, () -> new RangedBlobInputStream(store, key, size), PROBE, true);
                return new Probe(
                        measured.header(),
                        measured.durationMs(),
                        measured.peaks() == null ? null : measured.peaks().buckets(WaveformSpec.DEFAULT_BUCKETS));
            }
        });
    }

    static void refuseDamaged(String action, Optional<String> damage) {
        if (damage.isPresent()) {
            // at upload the reason is the whole answer; on a request it names the action, as every 400 does
            throw new DamagedMediaException(action.equals(PROBE) ? damage.get() : action + ": " + damage.get());
        }
    }

    /**
     * The header's duration when the decoded one agrees with it (within 100 ms or 5 %: encoder padding the container
     * trims, such as AAC's last frame in MP4), else the decoded one (no header duration, or a wrong one).
     */
    static long duration(long headerMs, long decodedMs) {
        long slack = Math.max(100, decodedMs / 20);
        return headerMs > 0 && Math.abs(headerMs - decodedMs) <= slack ? headerMs : decodedMs;
    }
}
