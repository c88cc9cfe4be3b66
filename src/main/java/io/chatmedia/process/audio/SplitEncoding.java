package io.chatmedia.process.audio;

import io.chatmedia.process.WorkerPool;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

/**
 * An M4A/AAC conversion encoded in time segments by several AAC encoders at once: one decoder (the caller's) cuts the
 * audio into segments of {@link #SEGMENT_MS}, and the caller and helpers on idle workers encode them, each segment by
 * its own encoder, then the packets are muxed in order into one file. AAC encoding is most of a conversion's time and
 * one encoder uses one core. Each segment's encoder starts {@link #PRE_ROLL} samples early and runs {@link #POST_ROLL}
 * past its end on the same 1024-sample grid, and only the packets inside its own span are kept: every kept packet was
 * encoded with its neighbours in the encoder's view, so the seams decode like the rest, and since the samples come from
 * one decoder they are placed to the sample whatever the container.
 *
 * <p>Helpers are forked only onto workers idle at that moment ({@link WorkerPool#tryFork}), at most
 * {@code maxParts - 1} of them, so concurrent requests never oversubscribe the pool: on a busy server the caller
 * encodes every segment itself. Segments wait in a queue of at most one per helper plus one; beyond that the caller
 * encodes the oldest itself, so memory stays bounded by a few segments of samples.
 */
final class SplitEncoding {

    /** AAC frames of 1024 samples. */
    static final int FRAME = 1024;

    static final long PRE_ROLL = 4 * FRAME;
    static final long POST_ROLL = 2 * FRAME;

    /** A segment's length: long enough that its extra frames and encoder cost little, short enough to share. */
    static final long SEGMENT_MS = 5_000;

    private static final Segment DONE = new Segment(-1, 0, new float[0][0]);

    private final WorkerPool pool;
    private final int maxParts;

    SplitEncoding(WorkerPool pool, int maxParts) {
        this.pool = pool;
        this.maxParts = maxParts;
    }

    /**
     * Whether a conversion to {@code target} of {@code samples} output samples (0: unknown, as a recorder's WebM) is
     * worth encoding in segments now: M4A, at least two segments long, and a worker idle to help.
     */
    boolean worthIt(ConvertSpec.Target target, long samples) {
        return maxParts >= 2
                && target.format() == AudioFormat.M4A
                && (samples <= 0 || samples >= 2 * segmentSamples(target.rate()))
                && pool.idle() > 0;
    }

    /** Samples per segment at {@code rate}, a whole number of AAC frames. */
    static long segmentSamples(int rate) {
        return Math.max(8, SEGMENT_MS * rate / 1000 / FRAME) * FRAME;
    }

    /** What one decode pass produced, encoded in segments: the file, and the pass for the damage checks. */
    record Result(byte[] file, AudioInput.Pass pass) {}

    /**
     * Decodes samples [{@code start}, {@code start + length}) of {@code input} and encodes them in segments into
     * {@code memory}.
     */
    Result encode(
            String action,
            AudioInput input,
            ConvertSpec.Target target,
            MemoryOutput memory,
            long start,
            long length,
            long segment)
            throws IOException {
        Run run = new Run(action, target, memory.limit(), segment);
        try (AudioOutput output = AudioOutput.open(action, target, memory)) {
            AudioInput.Pass pass = input.decodeSamples(
                    target.format().sampleFormat(),
                    target.rate(),
                    target.channels(),
                    start,
                    length,
                    false,
                    run::accept);
            run.finish();
            List<AudioOutput.Packet> packets = new ArrayList<>();
            for (int i = 0; i < run.segments; i++) {
                packets.addAll(run.results.get(i));
            }
            return new Result(output.finishInto(packets), pass);
        } finally {
            run.cancel();
        }
    }

    /** Samples of one segment: result samples [{@code from}, {@code from + filled}), to be kept up to {@code keepTo}. */
    private static final class Segment {
        final int index;
        final long from;
        final float[][] planes;
        int filled;
        long keepTo = Long.MAX_VALUE;

        Segment(int index, long from, float[][] planes) {
            this.index = index;
            this.from = from;
            this.planes = planes;
        }
    }

    /** A helper forked onto a worker, and the claim that says whether it started. */
    private record Helper(Future<Void> future, AtomicBoolean claim) {}

    /** One conversion's segments: cut by the decoding caller, encoded by it and its helpers. */
    private final class Run {
        private final String action;
        private final ConvertSpec.Target target;
        private final long limit;
        private final long length;
        private final LinkedBlockingDeque<Segment> queue = new LinkedBlockingDeque<>();
        private final ConcurrentHashMap<Integer, List<AudioOutput.Packet>> results = new ConcurrentHashMap<>();
        private final List<Helper> helpers = new ArrayList<>();
        private final AtomicInteger helping = new AtomicInteger();
        private long position;
        private Segment current;
        private Segment next;
        private int segments;

        Run(String action, ConvertSpec.Target target, long limit, long length) {
            this.action = action;
            this.target = target;
            this.limit = limit;
            this.length = length;
            current = segment(0, 0);
        }

        private Segment segment(int index, long from) {
            int capacity = (int) (length + (from == 0 ? 0 : PRE_ROLL) + POST_ROLL);
            return new Segment(index, from, new float[target.channels()][capacity]);
        }

        /** The decoder's sink: copies the samples into the segments they belong to; full segments go to encoding. */
        boolean accept(AVFrame frame, int from, int count) throws IOException {
            int at = from;
            int left = count;
            while (left > 0) {
                long end = end(current);
                long nextStart = (current.index + 1) * length - PRE_ROLL;
                long until = Math.min(end, next == null ? nextStart : Long.MAX_VALUE);
                int n = (int) Math.min(left, until - position);
                copy(frame, at, n, current);
                if (next != null) {
                    copy(frame, at, n, next);
                }
                position += n;
                at += n;
                left -= n;
                if (next == null && position == nextStart) {
                    next = segment(current.index + 1, nextStart);
                }
                if (position == end) {
                    current.keepTo = (current.index + 1) * length;
                    hand(current);
                    current = next;
                    next = null;
                }
            }
            return true;
        }

        private long end(Segment segment) {
            return (segment.index + 1) * length + POST_ROLL;
        }

        private void copy(AVFrame frame, int at, int n, Segment segment) {
            for (int c = 0; c < segment.planes.length; c++) {
                try (FloatPointer plane = new FloatPointer(frame.extended_data(c))) {
                    plane.position(at).get(segment.planes[c], segment.filled, n);
                }
            }
            segment.filled += n;
        }

        /** A full segment: queued for a helper (forking one if a worker is idle), or encoded here. */
        private void hand(Segment segment) throws IOException {
            segments = segment.index + 1;
            if (helpers.size() < maxParts - 1) {
                // whoever claims the helper first decides: the worker starting it, or finish() when none did
                AtomicBoolean claim = new AtomicBoolean();
                Optional<Future<Void>> helper = pool.tryFork(() -> claim.compareAndSet(false, true) ? help() : null);
                helper.ifPresent(future -> helpers.add(new Helper(future, claim)));
            }
            queue.addLast(segment);
            while (queue.size() > helping.get()) {
                Segment oldest = queue.pollFirst();
                if (oldest == null) {
                    break;
                }
                encode(oldest);
            }
        }

        /** The last segment (to the end of the audio); then every queued one, and waits for the helpers. */
        void finish() throws IOException {
            if (current.filled > 0 || current.index == 0) {
                hand(current);
            }
            Segment segment;
            while ((segment = queue.pollFirst()) != null) {
                encode(segment);
            }
            for (int i = 0; i < helpers.size(); i++) {
                queue.addLast(DONE);
            }
            for (Helper helper : helpers) {
                if (!helper.claim().compareAndSet(false, true)) {
                    join(helper.future());
                }
            }
        }

        /**
         * A helper: encodes queued segments until {@link #finish} says there are no more, or until another job waits
         * for a worker (it has this one back, and the caller encodes the rest).
         */
        private Void help() throws IOException {
            helping.incrementAndGet();
            try {
                while (pool.waiting() == 0) {
                    Segment segment = queue.takeFirst();
                    if (segment == DONE) {
                        return null;
                    }
                    encode(segment);
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(action + ": interrupted");
            } finally {
                helping.decrementAndGet();
            }
        }

        private void encode(Segment segment) throws IOException {
            long offset = segment.index == 0 ? 0 : segment.from;
            long keepFrom = segment.index == 0 ? Long.MIN_VALUE : segment.index * length;
            try (AudioOutput output = AudioOutput.part(action, target, limit, offset, keepFrom, segment.keepTo)) {
                output.writePlanes(segment.planes, segment.filled);
                results.put(segment.index, output.finishPart());
            }
        }

        private void join(Future<Void> helper) throws IOException {
            try {
                helper.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(action + ": interrupted");
            } catch (CancellationException e) {
                throw new IOException(action + ": a helper was cancelled", e);
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

        void cancel() {
            for (Helper helper : helpers) {
                helper.future().cancel(true);
            }
        }
    }
}
