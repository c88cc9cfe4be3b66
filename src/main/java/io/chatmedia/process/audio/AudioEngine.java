package io.chatmedia.process.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;

import io.chatmedia.process.DamagedMediaException;
import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.video.RangedBlobInputStream;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;

/**
 * ChatMedia's audio side over FFmpeg's C API: conversions ({@code audio/convert}), waveforms ({@code audio/waveform})
 * and the probe at upload (duration by decoding, waveform). Sources are read only through the stores' ranged reads;
 * decoding streams frame by frame, so memory does not grow with the audio's length.
 */
@Component
class AudioEngine {

    private static final String PROBE = "audio probe";

    private final WorkerPool pool;
    private final SplitEncoding split;
    private final SplitDecoding halves;
    private final long waveformMaxMs;
    private final long maxResultBytes;
    private final long maxJobBytes;

    AudioEngine(WorkerPool pool, AudioProperties properties) {
        this.pool = pool;
        this.maxJobBytes = properties.maxJobMemory().toBytes();
        this.split = new SplitEncoding(pool, properties.encoderParts());
        this.halves = new SplitDecoding(pool, properties.encoderParts() > 1);
        this.waveformMaxMs = properties.waveformMaxDuration().toMillis();
        this.maxResultBytes = properties.maxResultSize().toBytes();
    }

    /** Second halves of waveforms decoded by helpers (for tests). */
    long halvesDecoded() {
        return halves.halvesDecoded();
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
                Measured measured = measure(source, () -> new RangedBlobInputStream(store, key, size), action, false);
                if (measured.peaks == null) {
                    throw ApiException.badRequest(action + ": the audio is longer than the waveform limit of "
                            + waveformMaxMs / 60_000 + " min");
                }
                if (measured.peaks.frames() == 0) {
                    throw ApiException.badRequest(action + ": no audio could be decoded from the file");
                }
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("duration_ms", measured.durationMs);
                document.put("waveform", measured.peaks.buckets(spec.buckets()));
                return document;
            }
        });
    }

    /** The probe at upload: header, duration (decoded, or demuxed past the limit) and waveform; on a worker. */
    Probe probe(BlobStore store, String key, long size) throws IOException {
        return pool.run(() -> {
            try (RangedBlobInputStream source = new RangedBlobInputStream(store, key, size)) {
                Measured measured = measure(source, () -> new RangedBlobInputStream(store, key, size), PROBE, true);
                return new Probe(
                        measured.header,
                        measured.durationMs,
                        measured.peaks == null ? null : measured.peaks.buckets(WaveformSpec.DEFAULT_BUCKETS));
            }
        });
    }

    private record Measured(AudioHeader header, long durationMs, Peaks.Joined peaks) {}

    /**
     * Decodes the whole audio into peaks, unless it is longer than the limit: then the peaks are null and the duration
     * is where the last packet ends. A header claiming more than the limit is checked by demuxing first, so a WebM
     * whose header says 10 hours but holds 2 seconds still gets its waveform.
     */
    private Measured measure(
            RangedBlobInputStream source, Callable<RangedBlobInputStream> reopen, String action, boolean demuxRest)
            throws IOException {
        AudioHeader header;
        try (AudioInput input = AudioInput.open(source, action)) {
            header = input.header();
            AudioMemory.check(header, maxJobBytes, action);
            if (header.durationMs() <= waveformMaxMs) {
                return measure(input, header, reopen, demuxRest, action);
            }
            int rate = header.sampleRate() > 0 ? header.sampleRate() : 48_000;
            AudioInput.Pass pass =
                    input.decode(AV_SAMPLE_FMT_FLT, rate, 0, 0, null, true, (frame, from, count) -> false);
            if (pass.endMs() > waveformMaxMs) {
                refuseDamaged(action, Damage.find(header, input.missingBytes(), pass, -1));
                return new Measured(header, pass.endMs(), null);
            }
        }
        try (AudioInput input = AudioInput.open(source, action)) {
            return measure(input, input.header(), reopen, demuxRest, action);
        }
    }

    private Measured measure(
            AudioInput input,
            AudioHeader header,
            Callable<RangedBlobInputStream> reopen,
            boolean demuxRest,
            String action)
            throws IOException {
        int rate = header.sampleRate() > 0 ? header.sampleRate() : 48_000;
        Optional<SplitDecoding.SecondHalf> second = halves.fork(reopen, input, header, rate, waveformMaxMs);
        if (second.isEmpty()) {
            return measureWhole(input, header, demuxRest, action);
        }
        Optional<Measured> split = measureSplit(input, header, second.get(), rate, action);
        if (split.isPresent()) {
            return split.get();
        }
        // something unusual (audio longer than its header says): once more, by one decoder
        try (RangedBlobInputStream again = reopen.call();
                AudioInput whole = AudioInput.open(again, action)) {
            return measureWhole(whole, header, demuxRest, action);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private Measured measureWhole(AudioInput input, AudioHeader header, boolean demuxRest, String action)
            throws IOException {
        int rate = header.sampleRate() > 0 ? header.sampleRate() : 48_000;
        Peaks peaks = new Peaks();
        long limit = waveformMaxMs * rate / 1000;
        float[][] buffer = new float[Math.max(1, header.channels())][0];
        AudioInput.Pass pass = input.decode(AV_SAMPLE_FMT_FLTP, rate, 0, 0, null, demuxRest, (frame, from, count) -> {
            PlanarPeaks.add(peaks, frame, from, count, buffer);
            return peaks.frames() <= limit;
        });
        return measured(input, header, pass, peaks, rate, demuxRest, action);
    }

    private Measured measured(
            AudioInput input,
            AudioHeader header,
            AudioInput.Pass pass,
            Peaks peaks,
            int rate,
            boolean demuxRest,
            String action) {
        long decodedMs = pass.samples() * 1000 / rate;
        if (!pass.stopped() || demuxRest) {
            refuseDamaged(action, Damage.find(header, input.missingBytes(), pass, pass.stopped() ? -1 : decodedMs));
        }
        if (pass.stopped()) {
            return new Measured(header, pass.endMs() > 0 ? pass.endMs() : header.durationMs(), null);
        }
        // a duration FFmpeg estimated from the bitrate (raw AMR, an MP3 without a Xing header) is no better than a
        // guess
        return new Measured(header, duration(header.estimated() ? 0 : header.durationMs(), decodedMs), peaks.joined());
    }

    /**
     * The caller's half and the helper's as one decode; empty when they do not make a whole (either stopped at the
     * waveform limit, or the caller did not reach the middle before the waveform limit).
     */
    private Optional<Measured> measureSplit(
            AudioInput input, AudioHeader header, SplitDecoding.SecondHalf second, int rate, String action)
            throws IOException {
        Peaks peaks = new Peaks();
        long limit = waveformMaxMs * rate / 1000;
        float[][] buffer = new float[Math.max(1, header.channels())][0];
        AudioInput.Pass first;
        try {
            first = input.decodeSamples(
                    AV_SAMPLE_FMT_FLTP,
                    rate,
                    0,
                    0,
                    Long.MAX_VALUE,
                    false,
                    false,
                    second::caller,
                    (frame, from, count) -> {
                        PlanarPeaks.add(peaks, frame, from, count, buffer);
                        return peaks.frames() <= limit;
                    });
        } catch (IOException | RuntimeException e) {
            second.abandon();
            throw e;
        }
        if (!second.callerStopped()) {
            second.abandon();
            return first.stopped()
                    ? Optional.empty()
                    : Optional.of(measured(input, header, first, peaks, rate, false, action));
        }
        SplitDecoding.Half half = second.join();
        if (half == null || half.pass().stopped()) {
            return Optional.empty();
        }
        AudioInput.Pass rest = half.pass();
        long samples = first.samples() + rest.samples();
        AudioInput.Pass pass = new AudioInput.Pass(
                samples,
                Math.max(first.endMs(), rest.endMs()),
                false,
                first.packets() + rest.packets(),
                first.damaged() + rest.damaged(),
                first.demuxError() || rest.demuxError());
        long decodedMs = samples * 1000 / rate;
        refuseDamaged(action, Damage.find(header, input.missingBytes(), pass, decodedMs));
        Peaks.Joined joined =
                new Peaks.Joined(samples, new Peaks[] {peaks, half.peaks()}, new long[] {0, first.samples()});
        long durationMs = duration(header.estimated() ? 0 : header.durationMs(), decodedMs);
        return Optional.of(new Measured(header, durationMs, joined));
    }

    private static void refuseDamaged(String action, Optional<String> damage) {
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
