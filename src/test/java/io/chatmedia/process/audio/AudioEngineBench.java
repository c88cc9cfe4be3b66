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
 * The audio engine without HTTP, for profiling and for comparing settings on a shared machine: operations on one file,
 * N times each, the operations alternating so that each sees the same load, printing the median wall time and the mean
 * process CPU time of each. {@code convert} / {@code probe} with {@code -Dparts} (default 2) encoders or decoders,
 * {@code convert1} / {@code probe1} with one; {@code write} writes one conversion ({@code -Dformat}, {@code -Dout}). Not
 * a test; run by hand after {@code ./mvnw -o test-compile} and {@code ./mvnw -o dependency:build-classpath
 * -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.chatmedia.process.audio.AudioEngineBench \
 *     target/bench/voice/voice-60s.webm convert1,convert,probe1,probe 20
 * </pre>
 *
 * Add {@code -agentpath:.../libasyncProfiler.so=start,event=itimer,interval=1ms,file=x.collapsed,collapsed} for a
 * profile.
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
        AudioEngine single = new AudioEngine(pool, new AudioProperties(null, null, null, 1));
        String[] ops = what.split(",");
        Job[] jobs = new Job[ops.length];
        for (int o = 0; o < ops.length; o++) {
            String op = ops[o];
            jobs[o] = switch (op) {
                case "convert" -> () -> pool.run(() -> engine.convert(store, "voice", size, ConvertSpec.PLAY)).length;
                case "convert1" -> () -> pool.run(() -> single.convert(store, "voice", size, ConvertSpec.PLAY)).length;
                case "write" ->
                    () -> {
                        AudioFormat format = AudioFormat.of(System.getProperty("format", "m4a"));
                        ConvertSpec spec = new ConvertSpec(format, null, null, null, null, 0, null);
                        byte[] out = pool.run(() -> engine.convert(store, "voice", size, spec));
                        Files.write(Path.of(System.getProperty("out", "out.m4a")), out);
                        return out.length;
                    };
                case "probe" -> () -> engine.probe(store, "voice", size).durationMs();
                case "probe1" -> () -> single.probe(store, "voice", size).durationMs();
                default -> throw new IllegalArgumentException(op);
            };
        }
        // the operations alternate, so that each sees the same load on a shared machine
        for (int i = 0; i < 3; i++) {
            for (Job job : jobs) {
                job.run();
            }
        }
        double[][] wall = new double[ops.length][repeat];
        double[][] cpu = new double[ops.length][repeat];
        long[] result = new long[ops.length];
        for (int i = 0; i < repeat; i++) {
            for (int o = 0; o < ops.length; o++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                result[o] = jobs[o].run();
                wall[o][i] = (System.nanoTime() - t0) / 1e6;
                cpu[o][i] = (cpuNanos() - c0) / 1e6;
            }
        }
        for (int o = 0; o < ops.length; o++) {
            System.out.printf(
                    "%-8s wall median %7.1f ms  cpu mean %7.1f ms  (result %d)  wall %s%n",
                    ops[o],
                    median(wall[o]),
                    Arrays.stream(cpu[o]).average().orElse(0),
                    result[o],
                    Arrays.toString(round(wall[o])));
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
