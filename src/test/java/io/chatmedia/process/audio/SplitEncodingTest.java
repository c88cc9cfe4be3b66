package io.chatmedia.process.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.natives.NativeLibraries;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A long M4A conversion encoded in segments by two encoders on two workers decodes (Debian's ffmpeg) like the same
 * conversion by one encoder: the same length, and at every seam no misplaced samples and no click. Only M4A is split,
 * and only onto a worker idle at the time.
 */
class SplitEncodingTest {

    private static final int RATE = 48_000;
    private static final int SECONDS = 20;

    @TempDir
    Path temp;

    private final WorkerPool pool = new WorkerPool(2, 4, Duration.ofMinutes(2));

    @BeforeAll
    static void natives() {
        NativeLibraries.loadFfmpeg(Path.of(System.getProperty("java.io.tmpdir"), "chatmedia-test-natives"));
    }

    @AfterEach
    void stop() {
        pool.shutdown();
    }

    @ParameterizedTest
    @CsvSource({"webm, libopus", "ogg, libopus", "m4a, aac", "mp3, libmp3lame"})
    void partsEncodedApartDecodeLikeOneEncoderAtTheSeam(String container, String codec) throws Exception {
        LocalDiskBlobStore store = new LocalDiskBlobStore(temp.resolve("store"));
        long size = storeSweep(store, container, codec);
        byte[] one = pool.run(() -> new AudioEngine(pool, new AudioProperties(null, null, null, 1))
                .convert(store, "voice", size, ConvertSpec.PLAY));
        awaitIdle();
        byte[] two = pool.run(() -> new AudioEngine(pool, new AudioProperties(null, null, null, 2))
                .convert(store, "voice", size, ConvertSpec.PLAY));
        assertThat(two).as("encoded in parts").isNotEqualTo(one);

        float[] whole = AudioTools.decode(AudioTools.write(temp, "one.m4a", one), RATE);
        float[] parts = AudioTools.decode(AudioTools.write(temp, "two.m4a", two), RATE);
        assertThat((double) parts.length).isCloseTo(whole.length, within(RATE / 1000.0));
        int rate = codec.equals("libmp3lame") ? 44_100 : RATE;
        long segment = SplitEncoding.segmentSamples(rate);
        for (long at = segment; at + 8192 < (long) SECONDS * rate; at += segment) {
            int seam = (int) (at * RATE / rate);
            for (int block = -4; block < 4; block++) {
                int from = seam + block * 1024;
                assertThat(rms(parts, whole, from, 1024))
                        .as("difference from one encoder in block %d from the seam at %d", block, seam)
                        .isLessThan(0.03);
            }
            assertThat(maxStep(parts, seam - 4096, 8192))
                    .as("largest step between samples around the seam at %d", seam)
                    .isLessThan(maxStep(whole, seam - 4096, 8192) * 1.5 + 0.01);
        }
        assertThat(rms(parts, whole, 0, Math.min(parts.length, whole.length)))
                .as("difference over the whole")
                .isLessThan(0.02);
        assertThat(List.of(one.length, two.length)).allMatch(n -> n > 100_000);
    }

    @Test
    void onABusyPoolOrToAnotherFormatOneEncoderDoesItAll() throws Exception {
        LocalDiskBlobStore store = new LocalDiskBlobStore(temp.resolve("store"));
        long size = storeSweep(store, "webm", "libopus");
        AudioEngine one = new AudioEngine(pool, new AudioProperties(null, null, null, 1));
        AudioEngine two = new AudioEngine(pool, new AudioProperties(null, null, null, 2));
        ConvertSpec mp3 = new ConvertSpec(AudioFormat.of("mp3"), null, null, null, null, 0, null);

        assertThat(pool.run(() -> two.convert(store, "voice", size, mp3)))
                .as("MP3: not split")
                .isEqualTo(pool.run(() -> one.convert(store, "voice", size, mp3)));

        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                pool.run(() -> {
                    busy.countDown();
                    return release.await(1, TimeUnit.MINUTES);
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        other.start();
        busy.await();
        byte[] whileBusy;
        try {
            whileBusy = pool.run(() -> two.convert(store, "voice", size, ConvertSpec.PLAY));
        } finally {
            release.countDown();
            other.join();
        }
        awaitIdle();
        assertThat(whileBusy)
                .as("M4A while the other worker is busy: one encoder")
                .isEqualTo(pool.run(() -> one.convert(store, "voice", size, ConvertSpec.PLAY)));
        awaitIdle();
        assertThat(whileBusy)
                .as("M4A on an idle pool: in segments")
                .isNotEqualTo(pool.run(() -> two.convert(store, "voice", size, ConvertSpec.PLAY)));
    }

    private static double rms(float[] a, float[] b, int from, int count) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum / count);
    }

    private static double maxStep(float[] samples, int from, int count) {
        double max = 0;
        for (int i = from + 1; i < from + count; i++) {
            max = Math.max(max, Math.abs(samples[i] - samples[i - 1]));
        }
        return max;
    }

    /**
     * Encodes a {@value #SECONDS} s sine sweep with {@code codec} into {@code container} (MP3 at 44.1 kHz, the rest at
     * {@value #RATE} Hz) and stores it as {@code voice}; @return its size
     */
    private long storeSweep(LocalDiskBlobStore store, String container, String codec) throws Exception {
        Path source = temp.resolve("sweep." + container);
        AudioTools.run(
                "ffmpeg",
                "-v",
                "error",
                "-nostdin",
                "-f",
                "lavfi",
                "-i",
                "aevalsrc=0.5*sin(2*PI*(300*t+45*t*t)):s=" + RATE + ":d=" + SECONDS,
                "-c:a",
                codec,
                "-ar",
                codec.equals("libmp3lame") ? "44100" : Integer.toString(RATE),
                source.toString());
        try (InputStream in = Files.newInputStream(source)) {
            store.put("voice", in);
        }
        return Files.size(source);
    }

    /** Waits until both workers are idle: a job's worker answers its caller a moment before it counts as idle. */
    private void awaitIdle() throws InterruptedException {
        for (int i = 0; i < 1000 && pool.idle() < 2; i++) {
            Thread.sleep(10);
        }
    }
}
