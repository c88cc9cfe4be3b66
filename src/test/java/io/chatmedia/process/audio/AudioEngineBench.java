package io.chatmedia.process.audio;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.natives.NativeLibraries;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The audio engine without HTTP, for profiling on a busy machine (bench/voice-engine.sh): the conversion and the probe
 * at upload of one file, N times each, printing the median wall time and the median process CPU time of each. Not a
 * test; run by hand.
 */
final class AudioEngineBench {

    private AudioEngineBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String what = args.length > 1 ? args[1] : "convert,probe";
        int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path root = Files.createTempDirectory("audio-bench");
        NativeLibraries.loadFfmpeg(root.resolve("natives"));
        LocalDiskBlobStore store = new LocalDiskBlobStore(root);
        try (InputStream in = Files.newInputStream(file)) {
            store.put("voice", in);
        }
        long size = Files.size(file);
        WorkerPool pool = new WorkerPool(Integer.getInteger("workers", 2), 16, Duration.ofMinutes(5));
        AudioEngine engine =
                new AudioEngine(pool, new AudioProperties(null, null, null, Integer.getInteger("parts", 2)));
        for (String op : what.split(",")) {
            Job job =
                    switch (op) {
                        case "convert" ->
                            () -> pool.run(() -> engine.convert(store, "voice", size, ConvertSpec.PLAY)).length;
                        case "write" ->
                            () -> {
                                AudioFormat format = AudioFormat.of(System.getProperty("format", "m4a"));
                                ConvertSpec spec = new ConvertSpec(format, null, null, null, null, 0, null);
                                byte[] out = pool.run(() -> engine.convert(store, "voice", size, spec));
                                Files.write(Path.of(System.getProperty("out", "out.m4a")), out);
                                return out.length;
                            };
                        case "probe" -> () -> engine.probe(store, "voice", size).waveform().length;
                        default -> throw new IllegalArgumentException(op);
                    };
            for (int i = 0; i < 3; i++) {
                job.run();
            }
            double[] wall = new double[repeat];
            double[] cpu = new double[repeat];
            long result = 0;
            for (int i = 0; i < repeat; i++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                result = job.run();
                wall[i] = (System.nanoTime() - t0) / 1e6;
                cpu[i] = (cpuNanos() - c0) / 1e6;
            }
            System.out.printf(
                    "%-8s wall median %7.1f ms  cpu mean %7.1f ms  (result %d)  wall %s%n",
                    op, median(wall), Arrays.stream(cpu).average().orElse(0), result, Arrays.toString(round(wall)));
        }
        pool.shutdown();
    }

    private interface Job {
        long run() throws Exception;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
