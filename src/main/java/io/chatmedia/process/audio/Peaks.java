package io.chatmedia.process.audio;

/**
 * The peak amplitude of each part of a stream of samples whose length is known only at its end, in bounded memory:
 * peaks are kept per block of samples, and when the blocks run out, neighbours are merged and blocks double in size.
 * At the end the blocks are grouped into the buckets asked for (each bucket the maximum of the blocks that start in
 * it), so a bucket boundary is off by at most one block (1/64 of a bucket for 256 buckets or fewer). A stream decoded
 * in parts is measured by one {@code Peaks} per part and grouped by {@link Joined}.
 */
final class Peaks {

    private static final int BLOCKS = 1 << 14;

    private final float[] blocks = new float[BLOCKS];
    private long blockSize = 16;
    private int count;
    private float current;
    private long inBlock;
    private long samples;

    /**
     * Adds {@code frames} frames given as {@code channels} planes, {@code planes[c][offset + i]} the sample of channel
     * c in frame i; {@code planes[0]} is overwritten when there are several channels.
     */
    void addPlanes(float[][] planes, int offset, int frames, int channels) {
        float[] first = planes[0];
        for (int c = 1; c < channels; c++) {
            float[] other = planes[c];
            for (int i = offset; i < offset + frames; i++) {
                first[i] = Math.max(Math.abs(first[i]), Math.abs(other[i]));
            }
        }
        add(first, offset, frames);
    }

    /** Adds {@code frames} frames of one channel (or of their per-frame peaks) from {@code data[offset]} on. */
    void add(float[] data, int offset, int frames) {
        int at = offset;
        int end = offset + frames;
        while (at < end) {
            int run = (int) Math.min(end - at, blockSize - inBlock);
            float peak = current;
            for (int i = at; i < at + run; i++) {
                peak = Math.max(peak, Math.abs(data[i])); // a branch-free loop the JIT can vectorise
            }
            if (Float.isNaN(peak)) {
                peak = skippingNaN(data, at, run); // a decoder's NaN is no peak
            }
            current = peak;
            at += run;
            inBlock += run;
            if (inBlock == blockSize) {
                closeBlock();
            }
        }
        samples += frames;
    }

    private float skippingNaN(float[] data, int from, int length) {
        float peak = current;
        for (int i = from; i < from + length; i++) {
            float v = Math.abs(data[i]);
            if (v > peak) {
                peak = v;
            }
        }
        return peak;
    }

    /** Frames added so far. */
    long frames() {
        return samples;
    }

    private void closeBlock() {
        if (count == BLOCKS) {
            for (int i = 0; i < BLOCKS / 2; i++) {
                blocks[i] = Math.max(blocks[2 * i], blocks[2 * i + 1]);
            }
            count = BLOCKS / 2;
            blockSize *= 2;
            // the block being closed was counted at the old size: it now fills half a block
            inBlock = blockSize / 2;
            return;
        }
        blocks[count++] = current;
        current = 0;
        inBlock = 0;
    }

    /**
     * The peaks of {@code n} equal parts, scaled so the loudest is 1024 (all 0 for silence): Element's voice-message
     * waveform.
     */
    int[] buckets(int n) {
        return joined().buckets(n);
    }

    /** These peaks as the whole stream's. */
    Joined joined() {
        return new Joined(samples, new Peaks[] {this}, new long[] {0});
    }

    /** Adds each block's peak to the bucket (of {@code peaks.length} over {@code total}) its start falls in. */
    private void into(float[] peaks, long origin, long total) {
        int n = peaks.length;
        int held = count + (inBlock > 0 ? 1 : 0);
        for (int b = 0; b < held; b++) {
            float value = b < count ? blocks[b] : current;
            double start = origin + (double) b * blockSize;
            int bucket = (int) Math.max(0, Math.min(n - 1, start * n / total));
            peaks[bucket] = Math.max(peaks[bucket], value);
        }
    }

    /**
     * A stream of {@code frames} samples measured in parts, part i from sample {@code origins[i]} of the whole (parts
     * may overlap).
     */
    record Joined(long frames, Peaks[] parts, long[] origins) {
        /** The peaks of {@code n} equal parts of the whole, scaled so the loudest is 1024 (all 0 for silence). */
        int[] buckets(int n) {
            float[] peaks = new float[n];
            for (int i = 0; i < parts.length; i++) {
                parts[i].into(peaks, origins[i], Math.max(1, frames));
            }
            float loudest = 0;
            for (float peak : peaks) {
                loudest = Math.max(loudest, peak);
            }
            int[] scaled = new int[n];
            if (loudest > 1e-6f) {
                for (int i = 0; i < n; i++) {
                    scaled[i] = Math.round(peaks[i] / loudest * 1024);
                }
            }
            return scaled;
        }
    }
}
