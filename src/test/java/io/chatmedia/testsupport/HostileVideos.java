package io.chatmedia.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hostile video fixtures made at test time: a tiny real clip from Debian's ffmpeg (lavfi {@code testsrc2}, 5 frames at
 * 5 fps) in MP4, and the same file with its visual sample entry ({@code avc1}, {@code hvc1}, {@code vp09},
 * {@code av01}) claiming another width and height. FFmpeg's demuxer takes the stream's size from that entry, so the
 * claim is what a header-only check sees; the decoder later finds the real size in the bitstream.
 */
public final class HostileVideos {

    private HostileVideos() {}

    /** A {@code width}×{@code height} clip of {@code codec} ({@code h264}, {@code hevc}, {@code vp9}, {@code av1}). */
    public static byte[] clip(String codec, int width, int height) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hostile-video");
        Path out = dir.resolve(codec + ".mp4");
        try {
            List<String> encoder =
                    switch (codec) {
                        case "h264" -> List.of("-c:v", "libx264", "-preset", "ultrafast");
                        case "hevc" ->
                            List.of(
                                    "-c:v",
                                    "libx265",
                                    "-preset",
                                    "ultrafast",
                                    "-x265-params",
                                    "log-level=error",
                                    "-tag:v",
                                    "hvc1");
                        case "vp9" -> List.of("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8");
                        case "av1" -> List.of("-c:v", "libaom-av1", "-cpu-used", "8", "-usage", "realtime");
                        default -> throw new IllegalArgumentException(codec);
                    };
            List<String> command = new java.util.ArrayList<>(List.of(
                    "ffmpeg",
                    "-v",
                    "error",
                    "-nostdin",
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=s=" + width + "x" + height + ":r=5:d=1",
                    "-pix_fmt",
                    "yuv420p",
                    "-threads",
                    "1"));
            command.addAll(encoder);
            command.add(out.toString());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ffmpeg.log").toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.isRegularFile(out)) {
                process.destroyForcibly();
                throw new IOException(
                        "ffmpeg failed for " + codec + ": " + Files.readString(dir.resolve("ffmpeg.log")));
            }
            return Files.readAllBytes(out);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** {@code mp4} with its (first) visual sample entry claiming {@code width}×{@code height} (at most 65535). */
    public static byte[] claiming(byte[] mp4, int width, int height) {
        byte[] copy = mp4.clone();
        int stsd = lastIndexOf(copy, "stsd".getBytes(StandardCharsets.US_ASCII));
        if (stsd < 4) {
            throw new IllegalArgumentException("no stsd box");
        }
        int entry = stsd - 4 + 16; // box size, 'stsd', version and flags, entry count
        int at = entry + 32; // entry size and type, 6 reserved, data reference, 16 pre-defined/reserved
        copy[at] = (byte) (width >> 8);
        copy[at + 1] = (byte) width;
        copy[at + 2] = (byte) (height >> 8);
        copy[at + 3] = (byte) height;
        return copy;
    }

    private static int lastIndexOf(byte[] data, byte[] what) {
        for (int i = data.length - what.length; i >= 0; i--) {
            int j = 0;
            while (j < what.length && data[i + j] == what[j]) {
                j++;
            }
            if (j == what.length) {
                return i;
            }
        }
        return -1;
    }
}
