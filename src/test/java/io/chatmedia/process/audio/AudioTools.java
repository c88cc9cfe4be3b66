package io.chatmedia.process.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Debian's ffprobe and ffmpeg as the reference: what a file is, and its signal decoded. */
final class AudioTools {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AudioTools() {}

    /** ffprobe's format and first audio stream. */
    static JsonNode probe(Path file) throws IOException, InterruptedException {
        byte[] out = run(
                "ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString());
        return JSON.readTree(out);
    }

    /** The audio decoded by ffmpeg, mono, at {@code rate} Hz. */
    static float[] decode(Path file, int rate) throws IOException, InterruptedException {
        byte[] pcm = run(
                "ffmpeg",
                "-v",
                "error",
                "-nostdin",
                "-i",
                file.toString(),
                "-ac",
                "1",
                "-ar",
                Integer.toString(rate),
                "-f",
                "f32le",
                "-");
        ByteBuffer buffer = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        float[] samples = new float[pcm.length / 4];
        buffer.asFloatBuffer().get(samples);
        return samples;
    }

    /**
     * The dominant frequency of each {@code windowMs} window: the strongest 5 Hz step in 150–3800 Hz, refined to the
     * power-weighted mean within 150 Hz of it (a sweep spreads its window's power over a band; its centre is stable).
     */
    static List<Double> dominantFrequencies(float[] samples, int rate, int windowMs) {
        int window = rate * windowMs / 1000;
        List<Double> result = new ArrayList<>();
        for (int start = 0; start + window <= samples.length; start += window) {
            int steps = (int) ((Math.min(3800, rate / 2.0 - 50) - 150) / 5) + 1;
            double[] power = new double[steps];
            int best = 0;
            for (int k = 0; k < steps; k++) {
                double w = 2 * Math.PI * (150 + 5 * k) / rate;
                double re = 0;
                double im = 0;
                for (int i = 0; i < window; i++) {
                    re += samples[start + i] * Math.cos(w * i);
                    im += samples[start + i] * Math.sin(w * i);
                }
                power[k] = re * re + im * im;
                if (power[k] > power[best]) {
                    best = k;
                }
            }
            double sum = 0;
            double weighted = 0;
            for (int k = Math.max(0, best - 30); k <= Math.min(steps - 1, best + 30); k++) {
                sum += power[k];
                weighted += power[k] * (150 + 5 * k);
            }
            result.add(weighted / sum);
        }
        return result;
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    static byte[] run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
        return out;
    }
}
