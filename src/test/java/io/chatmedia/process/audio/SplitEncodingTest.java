package io.chatmedia.process.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.natives.NativeLibraries;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A long M4A conversion encoded in two parts on two workers decodes (Debian's ffmpeg) like the same conversion by one
 * encoder: the same length, and at the seam no misplaced samples and no click.
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
        LocalDiskBlobStore store = new LocalDiskBlobStore(temp.resolve("store"));
        try (InputStream in = Files.newInputStream(source)) {
            store.put("voice", in);
        }
        long size = Files.size(source);
        byte[] one = pool.run(() -> new AudioEngine(pool, new AudioProperties(null, null, null, 1))
                .convert(store, "voice", size, ConvertSpec.PLAY));
        byte[] two = pool.run(() -> new AudioEngine(pool, new AudioProperties(null, null, null, 2))
                .convert(store, "voice", size, ConvertSpec.PLAY));
        assertThat(two).as("encoded in parts").isNotEqualTo(one);

        float[] whole = AudioTools.decode(AudioTools.write(temp, "one.m4a", one), RATE);
        float[] parts = AudioTools.decode(AudioTools.write(temp, "two.m4a", two), RATE);
        assertThat((double) parts.length).isCloseTo(whole.length, within(RATE / 1000.0));
        int rate = codec.equals("libmp3lame") ? 44_100 : RATE;
        long seam = (long) SECONDS * rate / 2 / SplitEncoding.FRAME * SplitEncoding.FRAME * RATE / rate;
        for (int block = -4; block < 4; block++) {
            int from = (int) seam + block * 1024;
            assertThat(rms(parts, whole, from, 1024))
                    .as("difference from one encoder in block %d from the seam", block)
                    .isLessThan(0.03);
        }
        assertThat(maxStep(parts, (int) seam - 4096, 8192))
                .as("largest step between samples around the seam")
                .isLessThan(maxStep(whole, (int) seam - 4096, 8192) * 1.5 + 0.01);
        assertThat(rms(parts, whole, 0, Math.min(parts.length, whole.length)))
                .as("difference over the whole")
                .isLessThan(0.02);
        assertThat(List.of(one.length, two.length)).allMatch(n -> n > 100_000);
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
}
