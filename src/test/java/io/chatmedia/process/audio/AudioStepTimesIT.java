package io.chatmedia.process.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.process.natives.NativeLibraries;
import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.process.video.RangedBlobInputStream;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The longest stretch of an audio job without a deadline check (issue 14, item 3): the decode loop checks the interrupt
 * once a packet, so what can run past a deadline is opening the source (FFmpeg's stream-info probe; its reads check
 * the interrupt too) and one packet's decode plus the encoding of what it gave. Measured over conversions of 2-minute
 * sources made by Debian's ffmpeg (48 kHz stereo WAV, Opus, FLAC with 65,536-sample blocks ... to AAC and Opus at 48 kHz
 * stereo); prints the figures and asserts a bound far above them (the machine may be loaded).
 */
class AudioStepTimesIT {

    @TempDir
    static Path folder;

    private static LocalDiskBlobStore store;

    @BeforeAll
    static void natives() throws IOException {
        NativeLibraries.loadFfmpeg(Path.of("target", "natives"));
        store = new LocalDiskBlobStore(folder);
    }

    @Test
    void noSingleStepOfAConversionRunsLong() throws Exception {
        String sine = "sine=f=440:r=48000:d=120";
        List<String[]> sources = List.of(
                new String[] {"stereo.wav", "-ac", "2", "-c:a", "pcm_s16le"},
                new String[] {"stereo.opus", "-ac", "2", "-c:a", "libopus", "-b:a", "128k"},
                new String[] {"big-blocks.flac", "-ac", "2", "-c:a", "flac", "-frame_size", "65535"});
        List<String> rows = new ArrayList<>();
        double worst = 0;
        for (String[] source : sources) {
            List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", sine));
            args.addAll(List.of(source).subList(1, source.length));
            ffmpeg(source[0], args);
            for (String spec : List.of("audio/convert,f_m4a,ar_48000,ac_2", "audio/convert,f_opus,ar_48000,ac_2")) {
                double[] times = convert(source[0], spec);
                worst = Math.max(worst, Math.max(times[0], times[1]));
                rows.add(String.format(
                        "  %-16s %-36s open %.1f ms, longest packet (decode + encode) %.2f ms, %d packets, %.0f ms"
                                + " in all",
                        source[0], spec, times[0], times[1], (long) times[2], times[3]));
            }
        }
        System.out.printf("AudioStepTimesIT (%s):%n%s%n", load(), String.join("\n", rows));
        assertThat(worst).as("the longest stretch without a deadline check, ms").isLessThan(1000);
    }

    /** {open ms, longest gap between packets ms, packets, total ms}. */
    private static double[] convert(String file, String process) throws IOException {
        ConvertSpec spec = ConvertSpec.of(ProcessParser.parse(process).onlyAction());
        long size = Files.size(folder.resolve(file));
        long start = System.nanoTime();
        try (RangedBlobInputStream source = new RangedBlobInputStream(store, file, size);
                AudioInput input = AudioInput.open(source, "audio/convert")) {
            double open = (System.nanoTime() - start) / 1e6;
            AudioHeader header = input.header();
            ConvertSpec.Target target = spec.target(header.sampleRate(), header.channels());
            long[] last = {System.nanoTime()};
            long[] longest = {0};
            long[] calls = {0};
            try (AudioOutput output = AudioOutput.open("audio/convert", target, new MemoryOutput(256L << 20))) {
                input.decode(
                        target.format().sampleFormat(),
                        target.rate(),
                        target.channels(),
                        0,
                        null,
                        false,
                        (frame, from, count) -> {
                            long now = System.nanoTime();
                            longest[0] = Math.max(longest[0], now - last[0]);
                            boolean more = output.write(frame, from, count);
                            last[0] = System.nanoTime();
                            calls[0]++;
                            return more;
                        });
                output.finish();
            }
            return new double[] {open, longest[0] / 1e6, calls[0], (System.nanoTime() - start) / 1e6};
        }
    }

    private static void ffmpeg(String name, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y"));
        command.addAll(args);
        command.add(folder.resolve(name).toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
    }

    private static String load() throws IOException {
        return "load " + Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
