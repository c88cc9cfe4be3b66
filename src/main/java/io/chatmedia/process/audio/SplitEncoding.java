package io.chatmedia.process.audio;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.video.RangedBlobInputStream;
import io.chatmedia.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A long M4A/AAC conversion encoded in time parts on idle workers, each part decoded and encoded by its own decoder and
 * AAC encoder, then muxed in order into one file. AAC encoding is most of a conversion's time, and one encoder uses
 * one core. Each later part starts {@link #PRE_ROLL} samples early and runs {@link #POST_ROLL} past its end on the same
 * 1024-sample grid, and only the packets inside its own span are kept: every kept packet was encoded with its
 * neighbours in the encoder's view, so the seams decode like the rest. Parts are forked only onto workers idle at that
 * moment ({@link WorkerPool#tryFork}); a part no worker has started when the caller is done with its own is encoded by
 * the caller (a claim decides who encodes it, so it is never encoded twice nor waited for in a queue).
 */
final class SplitEncoding {

    /** AAC frames of 1024 samples. */
    static final int FRAME = 1024;

    static final long PRE_ROLL = 4 * FRAME;
    static final long POST_ROLL = 2 * FRAME;

    /** Shorter audio is not worth a second decoder and encoder. */
    static final long MIN_SPLIT_MS = 8_000;

    private final WorkerPool pool;
    private final int maxParts;

    SplitEncoding(WorkerPool pool, int maxParts) {
        this.pool = pool;
        this.maxParts = maxParts;
    }

    /** The parts of {@code samples} output samples worth encoding apart now (1: do not split). */
    int parts(ConvertSpec.Target target, long samples) {
        if (maxParts < 2 || target.format() != AudioFormat.M4A || samples < MIN_SPLIT_MS * target.rate() / 1000) {
            return 1;
        }
        return Math.min(maxParts, 1 + pool.idle());
    }

    /** What the parts decoded together, for the damage checks. */
    record Result(byte[] file, AudioInput.Pass pass) {}

    /**
     * Encodes samples [{@code start}, {@code start + samples}) of the source (to its end when {@code toEnd}) in
     * {@code parts} parts; the first on the calling thread with {@code input}, already open.
     */
    Result encode(
            String action,
            AudioInput input,
            BlobStore store,
            String key,
            long size,
            ConvertSpec.Target target,
            MemoryOutput memory,
            long start,
            long samples,
            boolean toEnd,
            int parts)
            throws IOException {
        long[] bounds = new long[parts + 1];
        for (int i = 1; i < parts; i++) {
            bounds[i] = samples * i / parts / FRAME * FRAME;
        }
        bounds[parts] = toEnd ? Long.MAX_VALUE : samples;
        List<Future<Part>> forks = new ArrayList<>();
        List<AtomicBoolean> claims = new ArrayList<>();
        try {
            for (int i = 1; i < parts; i++) {
                int index = i;
                AtomicBoolean claim = new AtomicBoolean();
                claims.add(claim);
                // whoever claims the part first encodes it: the fork when a worker starts it, else the caller
                Optional<Future<Part>> fork = pool.tryFork(() -> claim.compareAndSet(false, true)
                        ? later(action, store, key, size, target, memory.limit(), start, bounds, index)
                        : null);
                forks.add(fork.orElse(null));
            }
            try (AudioOutput output = AudioOutput.open(action, target, memory)) {
                output.keep(Long.MIN_VALUE, bounds[1]);
                AudioInput.Pass first = input.decodeSamples(
                        target.format().sampleFormat(),
                        target.rate(),
                        target.channels(),
                        start,
                        bounds[1] + POST_ROLL,
                        false,
                        output::write);
                List<AudioInput.Pass> passes = new ArrayList<>(List.of(first));
                List<AudioOutput.Packet> packets = new ArrayList<>();
                for (int i = 1; i < parts; i++) {
                    Part part = claims.get(i - 1).compareAndSet(false, true)
                            ? later(action, store, key, size, target, memory.limit(), start, bounds, i)
                            : join(forks.get(i - 1), action);
                    passes.add(part.pass());
                    packets.addAll(part.packets());
                }
                return new Result(output.finishInto(packets), merge(passes, bounds));
            }
        } finally {
            for (Future<Part> fork : forks) {
                if (fork != null) {
                    fork.cancel(true);
                }
            }
        }
    }

    private static Part join(Future<Part> fork, String action) throws IOException {
        try {
            return fork.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(action + ": interrupted", e);
        } catch (CancellationException e) {
            throw new IOException(action + ": a part was cancelled", e);
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

    /** Part {@code index} (from 1): its own source, decoder and encoder; the packets of its span. */
    private static Part later(
            String action,
            BlobStore store,
            String key,
            long size,
            ConvertSpec.Target target,
            long limit,
            long start,
            long[] bounds,
            int index)
            throws IOException {
        long from = bounds[index] - PRE_ROLL;
        boolean last = index == bounds.length - 2;
        long keepTo = last ? Long.MAX_VALUE : bounds[index + 1];
        long length = last
                ? (bounds[index + 1] == Long.MAX_VALUE ? Long.MAX_VALUE : bounds[index + 1] - from)
                : bounds[index + 1] + POST_ROLL - from;
        try (RangedBlobInputStream source = new RangedBlobInputStream(store, key, size);
                AudioInput input = AudioInput.open(source, action);
                AudioOutput output = AudioOutput.part(action, target, limit, from, bounds[index], keepTo)) {
            AudioInput.Pass pass = input.decodeSamples(
                    target.format().sampleFormat(),
                    target.rate(),
                    target.channels(),
                    start + from,
                    length,
                    false,
                    input.seeksToTheSample(target.rate()),
                    output::write);
            return new Part(output.finishPart(), pass);
        }
    }

    private record Part(List<AudioOutput.Packet> packets, AudioInput.Pass pass) {}

    /**
     * The passes as one: samples up to where the first part that ended early ended (or the last part's end), the last
     * part's end of packets, the packets and damage of all.
     */
    private static AudioInput.Pass merge(List<AudioInput.Pass> passes, long[] bounds) {
        long samples = 0;
        long packets = 0;
        long damaged = 0;
        boolean demuxError = false;
        boolean ended = false;
        for (int i = 0; i < passes.size(); i++) {
            AudioInput.Pass pass = passes.get(i);
            packets += pass.packets();
            damaged += pass.damaged();
            demuxError |= pass.demuxError();
            if (ended) {
                continue;
            }
            long from = i == 0 ? 0 : bounds[i] - PRE_ROLL;
            long expected = i == passes.size() - 1 ? Long.MAX_VALUE : bounds[i + 1] + POST_ROLL - from;
            samples = from + pass.samples();
            ended = pass.samples() < expected;
        }
        AudioInput.Pass last = passes.get(passes.size() - 1);
        return new AudioInput.Pass(samples, last.endMs(), false, packets, damaged, demuxError);
    }
}
