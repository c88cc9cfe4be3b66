package io.chatmedia.process.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;

import io.chatmedia.process.video.RangedBlobInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * An audio's duration and peaks, by decoding it once (in two halves on idle cores, see {@link SplitDecoding}), for the
 * probe at upload and {@code audio/waveform}: streaming, in memory bounded by a frame and the peak blocks per decoder.
 * Damaged audio is refused with a {@link io.chatmedia.process.DamagedMediaException}; audio longer than the waveform
 * limit is measured without peaks.
 */
final class Waveforms {

    private final SplitDecoding halves;
    private final long waveformMaxMs;
    private final long maxJobBytes;

    Waveforms(SplitDecoding halves, long waveformMaxMs, long maxJobBytes) {
        this.halves = halves;
        this.waveformMaxMs = waveformMaxMs;
        this.maxJobBytes = maxJobBytes;
    }

    /** Second halves decoded by helpers so far (for tests). */
    long halvesDecoded() {
        return halves.halvesDecoded();
    }

    /** What measuring found: the header, the duration, and the peaks (null past the waveform limit). */
    record Measured(AudioHeader header, long durationMs, Peaks.Joined peaks) {}

    /**
     * Decodes the whole audio into peaks, unless it is longer than the limit: then the peaks are null and the duration
     * is where the last packet ends. A header claiming more than the limit is checked by demuxing first, so a WebM
     * whose header says 10 hours but holds 2 seconds still gets its waveform.
     */
    Measured measure(
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
                AudioEngine.refuseDamaged(action, Damage.find(header, input.missingBytes(), pass, -1));
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
            AudioEngine.refuseDamaged(
                    action, Damage.find(header, input.missingBytes(), pass, pass.stopped() ? -1 : decodedMs));
        }
        if (pass.stopped()) {
            return new Measured(header, pass.endMs() > 0 ? pass.endMs() : header.durationMs(), null);
        }
        // a duration FFmpeg estimated from the bitrate (raw AMR, an MP3 without a Xing header) is no better than a
        // guess
        return new Measured(
                header, AudioEngine.duration(header.estimated() ? 0 : header.durationMs(), decodedMs), peaks.joined());
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
        AudioEngine.refuseDamaged(action, Damage.find(header, input.missingBytes(), pass, decodedMs));
        Peaks.Joined joined =
                new Peaks.Joined(samples, new Peaks[] {peaks, half.peaks()}, new long[] {0, first.samples()});
        long durationMs = AudioEngine.duration(header.estimated() ? 0 : header.durationMs(), decodedMs);
        return Optional.of(new Measured(header, durationMs, joined));
    }
}
