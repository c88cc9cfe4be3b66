package io.chatmedia.process.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Peaks per bucket against the peaks computed sample by sample, whole or in parts, in any frame sizes. */
class PeaksTest {

    @Test
    void bucketsAreThePeakOfEachPartWhateverTheFrameSizes() {
        float[] signal = signal(1_000_003, 7);
        Peaks peaks = new Peaks();
        Random random = new Random(1);
        for (int at = 0; at < signal.length; ) {
            int n = Math.min(signal.length - at, 1 + random.nextInt(5000));
            float[] frame = new float[n + 3];
            System.arraycopy(signal, at, frame, 3, n);
            peaks.add(frame, 3, n);
            at += n;
        }
        assertThat(peaks.frames()).isEqualTo(signal.length);
        assertClose(peaks.buckets(100), signal);
        assertClose(peaks.buckets(1000), signal);
    }

    @Test
    void theLouderChannelCountsAndNaNDoesNot() {
        float[] left = new float[4800];
        float[] right = new float[4800];
        for (int i = 0; i < left.length; i++) {
            left[i] = i >= 1600 && i < 3200 ? 0.2f : 0.05f;
        }
        right[100] = -0.5f;
        right[2000] = Float.NaN;
        Peaks peaks = new Peaks();
        peaks.addPlanes(new float[][] {left, right}, 0, 4800, 2);
        assertThat(peaks.buckets(3)).containsExactly(1024, 410, 102);
    }

    @Test
    void partsJoinedAtTheirOriginsGiveTheWhole() {
        float[] signal = signal(480_000, 3);
        int middle = 255_111;
        Peaks first = new Peaks();
        first.add(signal, 0, middle);
        Peaks second = new Peaks();
        second.add(signal, middle, signal.length - middle);
        Peaks.Joined joined = new Peaks.Joined(signal.length, new Peaks[] {first, second}, new long[] {0, middle});
        assertClose(joined.buckets(100), signal);
    }

    @Test
    void silenceIsAllZero() {
        Peaks peaks = new Peaks();
        peaks.add(new float[4800], 0, 4800);
        assertThat(peaks.buckets(30)).containsOnly(0);
    }

    /** A noise whose loudness changes every few thousand samples, with rare loud clicks. */
    private static float[] signal(int length, long seed) {
        Random random = new Random(seed);
        float[] samples = new float[length];
        float level = 0.1f;
        for (int i = 0; i < length; i++) {
            if (i % 3000 == 0) {
                level = 0.05f + random.nextFloat() * 0.5f;
            }
            samples[i] = (random.nextFloat() * 2 - 1) * level;
            if (random.nextInt(200_000) == 0) {
                samples[i] = random.nextBoolean() ? 0.99f : -0.99f;
            }
        }
        return samples;
    }

    /** Each bucket's peak, scaled as {@link Peaks#buckets} does, over the bucket widened by {@code widen} samples. */
    private static int[] reference(float[] signal, int n, int widen) {
        float[] peaks = new float[n];
        for (int b = 0; b < n; b++) {
            long from = Math.max(0, (long) b * signal.length / n - widen);
            long to = Math.min(signal.length, (long) (b + 1) * signal.length / n + widen);
            for (long i = from; i < Math.max(from + 1, to); i++) {
                peaks[b] = Math.max(peaks[b], Math.abs(signal[(int) i]));
            }
        }
        float loudest = 0;
        for (float peak : reference(signal)) {
            loudest = Math.max(loudest, peak);
        }
        int[] scaled = new int[n];
        for (int i = 0; i < n; i++) {
            scaled[i] = Math.round(peaks[i] / loudest * 1024);
        }
        return scaled;
    }

    private static float[] reference(float[] signal) {
        float loudest = 0;
        for (float v : signal) {
            loudest = Math.max(loudest, Math.abs(v));
        }
        return new float[] {loudest};
    }

    /**
     * Each bucket between the peak of the bucket narrowed by one block of 64 samples at each end and the peak of the
     * bucket widened by one (a boundary is placed to within a block), and most of them exactly the bucket's peak.
     */
    private static void assertClose(int[] actual, float[] signal) {
        int n = actual.length;
        int[] exact = reference(signal, n, 0);
        int[] narrow = reference(signal, n, -64);
        int[] wide = reference(signal, n, 64);
        int same = 0;
        for (int i = 0; i < n; i++) {
            assertThat(actual[i]).as("bucket %d", i).isBetween(narrow[i], wide[i]);
            same += actual[i] == exact[i] ? 1 : 0;
        }
        assertThat(same).as("buckets exactly the reference").isGreaterThan(n * 3 / 4);
    }
}
