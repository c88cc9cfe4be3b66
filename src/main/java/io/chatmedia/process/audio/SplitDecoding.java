package io.chatmedia.process.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.video.RangedBlobInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A waveform's decode in two halves on two workers: the caller decodes the packets before a middle packet, a helper on
 * a worker idle at that moment ({@link WorkerPool#tryFork}) the packets from it on, with its own demuxer and decoder
 * sought 80 ms earlier (the pre-roll Opus needs; the pre-roll's samples are dropped). Decoding is most of a waveform's
 * time. The two meet at a packet's timestamp, as the demuxer reads it for both, so the halves' samples add up to one
 * decoder's, and audio lost inside either half still counts as lost. The middle is 17/32 of the header's duration, or,
 * for a recorder's WebM without one, 9/16 of the end the helper finds by demuxing the file first (past the half: the
 * helper has more to do before it decodes), and never a packet the caller has already passed.
 *
 * <p>Only Opus and AAC are split (decoders that converge within the pre-roll, hand each packet's samples out before
 * the next packet, and put out planar float at the source's rate), in Ogg, WebM/Matroska and MP4 (every packet timed),
 * audio of 8 s or more, never past the waveform limit. When no worker is idle, or the helper decides against splitting
 * before the caller reaches the middle, the caller decodes everything, as without it.
 */
final class SplitDecoding {

    /** Shorter audio is not worth a second demuxer and decoder. */
    static final long MIN_SPLIT_MS = 8_000;

    private static final Set<String> CODECS = Set.of("opus", "aac");

    /** Containers whose packets all carry timestamps. */
    private static final Set<String> CONTAINERS = Set.of("ogg", "matroska,webm", "mov,mp4,m4a,3gp,3g2,mj2");

    private final WorkerPool pool;
    private final boolean enabled;
    private final AtomicLong halvesDecoded = new AtomicLong();

    SplitDecoding(WorkerPool pool, boolean enabled) {
        this.pool = pool;
        this.enabled = enabled;
    }

    /** What the helper decoded: the peaks of the second half (from its own sample 0), and its pass. */
    record Half(Peaks peaks, AudioInput.Pass pass) {}

    /**
     * Starts the second half of {@code input}'s audio (at {@code rate}, its own) on a helper, if worth it and a worker
     * is idle.
     *
     * @param reopen opens the source again, for the helper's own demuxer
     * @param maxMs  the waveform limit: longer audio is not split
     */
    Optional<SecondHalf> fork(
            Callable<RangedBlobInputStream> reopen, AudioInput input, AudioHeader header, int rate, long maxMs) {
        long known = header.estimated() ? 0 : header.durationMs();
        if (!enabled
                || !CODECS.contains(header.codec())
                || !CONTAINERS.contains(header.format())
                || input.decoderFormat() != AV_SAMPLE_FMT_FLTP
                || (known > 0 && (known < MIN_SPLIT_MS || known > maxMs))
                || pool.idle() == 0) {
            return Optional.empty();
        }
        SecondHalf half = new SecondHalf(known > 0 ? input.ptsAt(known * 17 / 32) : null);
        int channels = Math.max(1, header.channels());
        AtomicBoolean claim = new AtomicBoolean();
        Optional<Future<Half>> future = pool.tryFork(() -> {
            if (!claim.compareAndSet(false, true)) {
                return null;
            }
            Half decoded = half.decode(reopen, rate, maxMs, channels);
            if (decoded != null) {
                halvesDecoded.incrementAndGet();
            }
            return decoded;
        });
        future.ifPresent(f -> half.started(f, claim));
        return future.map(f -> half);
    }

    /** Second halves decoded by helpers so far (for metrics and tests). */
    long halvesDecoded() {
        return halvesDecoded.get();
    }

    /** The second half on its helper, and the packet the two halves meet at. */
    static final class SecondHalf {
        private Long middle;
        private boolean abandoned;
        private long progress = Long.MIN_VALUE;
        private boolean callerStopped;
        private Future<Half> future;
        private AtomicBoolean claim;

        SecondHalf(Long middle) {
            this.middle = middle;
        }

        void started(Future<Half> future, AtomicBoolean claim) {
            this.future = future;
            this.claim = claim;
        }

        /** The caller's gate: every packet before the middle; while it is unknown, the caller's progress is noted. */
        synchronized AudioInput.Verdict caller(long pts) {
            if (middle == null || abandoned) {
                progress = Math.max(progress, pts);
                return AudioInput.Verdict.HAND;
            }
            if (pts >= middle) {
                callerStopped = true;
                return AudioInput.Verdict.STOP;
            }
            return AudioInput.Verdict.HAND;
        }

        /** Sets the middle, never at or before a packet the caller has passed; false when split no more. */
        private synchronized boolean propose(long pts, long margin, long lastPts) {
            if (abandoned) {
                return false;
            }
            long at = Math.max(pts, progress == Long.MIN_VALUE ? pts : progress + margin);
            if (at >= lastPts) {
                abandoned = true;
                return false;
            }
            middle = at;
            return true;
        }

        private synchronized Long middle() {
            return abandoned ? null : middle;
        }

        /** The helper: finds the middle if the header did not say, then decodes from it to the end. */
        private Half decode(Callable<RangedBlobInputStream> reopen, int rate, long maxMs, int channels)
                throws Exception {
            try (RangedBlobInputStream source = reopen.call();
                    AudioInput input = AudioInput.open(source, "audio probe")) {
                if (middle() == null) {
                    long endMs = input.decode(AV_SAMPLE_FMT_FLT, rate, 0, 0, null, true, (frame, from, count) -> false)
                            .endMs();
                    if (endMs < MIN_SPLIT_MS
                            || endMs > maxMs
                            || !propose(
                                    input.ptsAt(endMs * 9 / 16),
                                    input.ptsAt(100) - input.ptsAt(0),
                                    input.ptsAt(endMs - 1000))) {
                        abandon();
                        return null;
                    }
                }
                long from = middle();
                input.seekBefore(from);
                Peaks peaks = new Peaks();
                long limit = maxMs * rate / 1000;
                float[][] planes = new float[channels][0];
                AudioInput.Pass pass = input.decodeSamples(
                        AV_SAMPLE_FMT_FLTP,
                        rate,
                        0,
                        0,
                        Long.MAX_VALUE,
                        false,
                        false,
                        pts -> pts < from ? AudioInput.Verdict.PRE_ROLL : AudioInput.Verdict.HAND,
                        (frame, at, count) -> {
                            PlanarPeaks.add(peaks, frame, at, count, planes);
                            return peaks.frames() <= limit;
                        });
                return new Half(peaks, pass);
            }
        }

        /** Whether the caller stopped at the middle (the helper decodes from there). */
        synchronized boolean callerStopped() {
            return callerStopped;
        }

        /** The helper's half, after the caller stopped at the middle; null if it has none. */
        Half join() throws IOException {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                throw new IOException("audio probe: interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause());
            }
        }

        /** No split after all (the caller decoded everything, or failed): the helper stops, or never starts. */
        void abandon() {
            synchronized (this) {
                abandoned = true;
            }
            if (claim != null && !claim.compareAndSet(false, true)) {
                future.cancel(true);
            }
        }
    }
}
