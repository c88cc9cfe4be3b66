package io.chatmedia.process.natives;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avformat;
import org.junit.jupiter.api.Test;

class NativeLibrariesTest {

    @Test
    void runsTheWarmupsOnceLoadedAndAFailingOneFailsNeitherTheNativesNorTheOthers() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        NativesWarmup failing = warmup("failing", () -> {
            ran.add("failing");
            throw new IllegalStateException("a broken warm-up");
        });
        NativesWarmup calling =
                warmup("calling FFmpeg", () -> ran.add("FFmpeg " + (avformat.avformat_version() >> 16)));
        NativeLibraries natives = new NativeLibraries(Path.of("target", "natives"), List.of(failing, calling), e -> {});

        natives.loaded().get(120, TimeUnit.SECONDS);

        assertThat(ran).hasSize(2).startsWith("failing");
        assertThat(ran.get(1)).matches("FFmpeg \\d+");
    }

    private static NativesWarmup warmup(String name, ThrowingRunnable work) {
        return new NativesWarmup() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void warm() throws Exception {
                work.run();
            }
        };
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
