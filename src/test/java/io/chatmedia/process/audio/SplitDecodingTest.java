package io.chatmedia.process.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.chatmedia.process.DamagedMediaException;
import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.natives.NativeLibraries;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The waveform at upload decoded in two halves on two workers gives what one decoder gives: the same duration, the
 * same peaks, a click right at the middle included; and damage inside the first half is still found.
 */
class SplitDecodingTest {

    private static final int RATE = 48_000;
    private static final int SECONDS = 20;

    /**
     * A staircase envelope (a step every second, each in the middle of a bucket) with a loud 5 ms click at 10.7 s,
     * where the halves meet (17/32 of 20 s is 10.625 s; 9/16 is 11.25 s).
     */
    private static final String SIGNAL = "aevalsrc=(0.05+0.06*mod(floor(t+0.1)\\,7))*sin(2*PI*440*t)"
            + "+0.9*between(t\\,10.700\\,10.705)*sin(2*PI*2000*t):s=" + RATE + ":d=" + SECONDS;

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
    @CsvSource({"webm, libopus, true", "ogg, libopus, false", "m4a, aac, false"})
    void halvesDecodeLikeOneDecoder(String container, String codec, boolean pipe) throws Exception {
        Path source = encode(container, codec, pipe);
        LocalDiskBlobStore store = store(source);
        long size = Files.size(source);
        AudioEngine one = new AudioEngine(pool, new AudioProperties(null, null, null, 1));
        AudioEngine two = new AudioEngine(pool, new AudioProperties(null, null, null, 2));

        AudioEngine.Probe whole = one.probe(store, "voice", size);
        awaitIdle();
        AudioEngine.Probe halves = two.probe(store, "voice", size);

        assertThat(two.halvesDecoded()).as("second halves decoded by a helper").isEqualTo(1);
        assertThat(one.halvesDecoded()).isZero();
        assertThat((double) halves.durationMs()).isCloseTo(SECONDS * 1000.0, within(60.0));
        assertThat((double) halves.durationMs()).isCloseTo(whole.durationMs(), within(1.0));
        assertThat(halves.waveform()).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat((double) halves.waveform()[i]).as("bucket %d", i).isCloseTo(whole.waveform()[i], within(8.0));
        }
        assertThat(halves.waveform()[53]).as("the click at 10.6 s").isEqualTo(1024);
        assertThat(halves.waveform()[52]).isLessThan(700);
    }

    @Test
    void damageInTheFirstHalfIsFoundAsByOneDecoder() throws Exception {
        Path source = encode("ogg", "libopus", false);
        byte[] bytes = Files.readAllBytes(source);
        for (int i = bytes.length / 4; i < bytes.length / 4 + 40_000; i += 97) {
            bytes[i] ^= 0x5a; // pages whose CRC fails: dropped by the demuxer
        }
        Path damaged = temp.resolve("damaged.ogg");
        Files.write(damaged, bytes);
        LocalDiskBlobStore store = store(damaged);
        AudioEngine one = new AudioEngine(pool, new AudioProperties(null, null, null, 1));
        AudioEngine two = new AudioEngine(pool, new AudioProperties(null, null, null, 2));

        assertThatThrownBy(() -> one.probe(store, "voice", bytes.length))
                .isInstanceOf(DamagedMediaException.class)
                .hasMessageContaining("cannot be decoded");
        awaitIdle();
        assertThatThrownBy(() -> two.probe(store, "voice", bytes.length))
                .isInstanceOf(DamagedMediaException.class)
                .hasMessageContaining("cannot be decoded");
        assertThat(two.halvesDecoded()).isEqualTo(1);
    }

    private Path encode(String container, String codec, boolean pipe) throws Exception {
        Path source = temp.resolve("signal." + container);
        if (pipe) {
            // as Chrome's MediaRecorder writes it: no duration, no cues
            byte[] webm = AudioTools.run(
                    "ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi", "-i", SIGNAL, "-c:a", codec, "-f", "webm", "-");
            Files.write(source, webm);
        } else {
            AudioTools.run(
                    "ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi", "-i", SIGNAL, "-c:a", codec, source.toString());
        }
        return source;
    }

    private LocalDiskBlobStore store(Path file) throws Exception {
        LocalDiskBlobStore store = new LocalDiskBlobStore(temp.resolve("store"));
        try (InputStream in = Files.newInputStream(file)) {
            store.put("voice", in);
        }
        return store;
    }

    /** Waits until both workers are idle: a job's worker answers its caller a moment before it counts as idle. */
    private void awaitIdle() throws InterruptedException {
        for (int i = 0; i < 1000 && pool.idle() < 2; i++) {
            Thread.sleep(10);
        }
    }
}
