package io.chatmedia.process.audio;

/**
 * The peak amplitude of each part of a stream of samples whose length is known only at its end, in bounded memory:
 * peaks are kept per block of samples, and when the blocks run out, neighbours are merged and blocks double in size.
 * At the end the blocks are grouped into the buckets asked for (each bucket the maximum of the blocks that start in
 * it), so a bucket boundary is off by at most one block (1/64 of a bucket for 256 buckets or fewer).
 */
final class Peaks {

    private static final int BLOCKS = 1 << 14;

    private final float[] blocks = new float[BLOCKS];
    private long blockSize = 16;
    private int count;
    private float current;
    private long inBlock;
    private long samples;

    /** Adds {@code frames} interleaved frames of {@code channels} samples from {@code data}. */
    void add(float[] data, int frames, int channels) {
        int at = 0;
        for (int frame = 0; frame < frames; frame++) {
            float peak = 0;
            for (int c = 0; c < channels; c++) {
                float v = Math.abs(data[at++]);
                if (v > peak) {
                    peak = v;
                }
            }
            if (peak > current) {
                current = peak;
            }
            if (++inBlock == blockSize) {
                closeBlock();
            }
        }
        samples += frames;
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
        int total = count + (inBlock > 0 ? 1 : 0);
        float[] peaks = new float[n];
        for (int b = 0; b < total; b++) {
            float value = b < count ? blocks[b] : current;
            int bucket = (int) Math.min(n - 1, (double) b * blockSize * n / Math.max(1, samples));
            peaks[bucket] = Math.max(peaks[bucket], value);
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
