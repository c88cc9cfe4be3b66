package io.chatmedia.process.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.OperatingSystemMXBean;
import io.chatmedia.process.natives.NativeLibraries;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import io.chatmedia.system.ApiException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
 * The longest FFmpeg call of a video job (issue 14, item 3): decoding one frame, which no deadline can interrupt, costs
 * time in proportion to the bytes of its packet. Single-frame videos of pure noise, coded losslessly (the densest a
 * frame gets, made by Debian's ffmpeg), are decoded through {@link VideoReader} as a cover would be: one just under the
 * {@code max-frame-size} default (4 MB) in H.264, HEVC and VP9, timed (wall and process CPU); and a 16 MB H.264 frame,
 * which the default refuses before decoding and which is timed with the limit raised, to show what the limit saves.
 * Prints the figures; the bound asserted is far above them (the machine may be loaded).
 */
class VideoStepTimesIT {

    @TempDir
    static Path folder;

    private static LocalDiskBlobStore store;

    @BeforeAll
    static void natives() throws IOException {
        NativeLibraries.loadFfmpeg(Path.of("target", "natives"));
        store = new LocalDiskBlobStore(folder);
    }

    @Test
    void noSingleFrameDecodeRunsLong() throws Exception {
        List<String> rows = new ArrayList<>();
        double worstAllowedCpu = 0;
        for (String[] video : new String[][] {
            {"h264-noise.mp4", "2000x1400", "-c:v", "libx264", "-preset", "veryfast", "-qp", "0"},
            {
                "hevc-noise.mp4",
                "2000x1400",
                "-c:v",
                "libx265",
                "-preset",
                "ultrafast",
                "-x265-params",
                "log-level=error:lossless=1",
                "-tag:v",
                "hvc1"
            },
            {
                "vp9-noise.mp4",
                "2000x1400",
                "-c:v",
                "libvpx-vp9",
                "-lossless",
                "1",
                "-deadline",
                "realtime",
                "-cpu-used",
                "8"
            },
        }) {
            noise(video);
            long bytes = Files.size(folder.resolve(video[0]));
            assertThat(bytes).as(video[0]).isLessThan(VideoLimits.DEFAULT_FRAME_BYTES);
            double[] times = decode(video[0], VideoLimits.DEFAULT);
            worstAllowedCpu = Math.max(worstAllowedCpu, times[1]);
            rows.add(row(video[0], video[1], bytes, times));
        }
        String[] big = {"h264-noise-16mb.mp4", "4096x2816", "-c:v", "libx264", "-preset", "veryfast", "-qp", "0"};
        noise(big);
        long bytes = Files.size(folder.resolve(big[0]));
        assertThatThrownBy(() -> decode(big[0], VideoLimits.DEFAULT))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("(chatmedia.process.video.max-frame-size)");
        double[] times = decode(big[0], VideoLimits.DEFAULT.withMaxFrameBytes(64L << 20));
        rows.add(row(big[0] + " (refused by default; limit raised)", big[1], bytes, times));
        System.out.printf("VideoStepTimesIT (%s):%n%s%n", load(), String.join("\n", rows));
        assertThat(worstAllowedCpu)
                .as("CPU seconds of the densest frame the default lets through")
                .isLessThan(2.0);
    }

    private static String row(String name, String size, long bytes, double[] times) {
        return String.format(
                "  %-52s %s %6.2f MB: one frame in %.2f s wall, %.2f CPU-s (%.3f CPU-s a MB)",
                name, size, bytes / 1e6, times[0], times[1], times[1] / (bytes / 1e6));
    }

    /** {wall seconds, process CPU seconds} of one exact cover of the first frame. */
    private static double[] decode(String file, VideoLimits limits) throws IOException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long size = Files.size(folder.resolve(file));
        VideoReader reader = new VideoReader(limits);
        try (RangedBlobInputStream in = new RangedBlobInputStream(store, file, size);
                VideoInput input = reader.open(in)) {
            VideoHeader header = input.header();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            BufferedImage frame = reader.frame(input, header, 0, true, 100, 70, "video/snapshot");
            double wall = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
            assertThat(frame.getWidth()).isEqualTo(100);
            return new double[] {wall, cpuSeconds};
        }
    }

    private static void noise(String[] video) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "ffmpeg",
                "-v",
                "error",
                "-nostdin",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "nullsrc=s=" + video[1] + ":r=1:d=1,geq=lum='random(1)*255':cb=128:cr=128",
                "-frames:v",
                "1",
                "-pix_fmt",
                "yuv420p"));
        command.addAll(List.of(video).subList(2, video.length));
        command.add(folder.resolve(video[0]).toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
    }

    private static String load() throws IOException {
        return "load " + Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
