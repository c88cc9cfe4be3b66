package io.chatmedia.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.Multipart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deadlines stop FFmpeg work (issue 14, item 3), as {@link HostileMemoryIT} shows for images: a child server with a 1 s
 * processing deadline is asked for an exact video cover that needs 3,000 1080p frames decoded (one keyframe at the
 * start, made by Debian's ffmpeg) and for a 5-minute WAV converted to 48 kHz stereo AAC; each is answered 503, and the
 * server's CPU time in the second that follows the first second after the 503 is that of an idle server. Prints the
 * figures.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MediaDeadlineIT {

    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");

    @TempDir
    Path work;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aVideoCoverAndAnAudioConversionPastTheDeadlineLeaveTheCpuIdle() throws Exception {
        byte[] video = ffmpeg(
                "long.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=s=1920x1080:r=50:d=60",
                "-pix_fmt",
                "yuv420p",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-g",
                "100000",
                "-bf",
                "0",
                "-crf",
                "40");
        byte[] audio =
                ffmpeg("long.wav", "-f", "lavfi", "-i", "sine=f=440:r=8000:d=300", "-ac", "1", "-c:a", "pcm_s16le");
        try (ChildServer server = ChildServer.in(Files.createDirectories(work.resolve("server")))
                .args("--chatmedia.process.deadline=1s")
                .start()) {
            String token = server.userToken("deadline");
            List<String> rows = new ArrayList<>();
            String videoUrl = upload(server, token, "long.mp4", "video/mp4", video);
            String audioUrl = upload(server, token, "long.wav", "audio/wav", audio);
            for (String[] job : new String[][] {
                {
                    "exact cover at 59 s of a 60 s 1080p clip with one keyframe",
                    videoUrl + "?x-oss-process=video/snapshot,t_59000"
                },
                {"5 min 8 kHz WAV to 48 kHz stereo AAC", audioUrl + "?x-oss-process=audio/convert,f_m4a,ar_48000,ac_2"},
            }) {
                Thread.sleep(1000);
                long cpuBefore = server.cpuMillis();
                long start = System.nanoTime();
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(server.base() + job[1]))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                double answeredAfter = (System.nanoTime() - start) / 1e9;
                long atAnswer = server.cpuMillis();
                Thread.sleep(1000);
                long oneSecondLater = server.cpuMillis();
                Thread.sleep(1000);
                long twoSecondsLater = server.cpuMillis();
                rows.add(String.format(
                        "  %-58s %d after %.2f s; CPU %d ms up to the answer, %d ms in the next second, %d in the"
                                + " one after",
                        job[0],
                        answer.statusCode(),
                        answeredAfter,
                        atAnswer - cpuBefore,
                        oneSecondLater - atAnswer,
                        twoSecondsLater - oneSecondLater));
                assertThat(answer.statusCode())
                        .as("%s: %s", job[0], answer.body())
                        .isEqualTo(503);
                assertThat(answer.body()).contains("processing took longer than 1 s");
                assertThat(twoSecondsLater - oneSecondLater)
                        .as("%s: CPU ms in the second after the first second past the 503", job[0])
                        .isLessThan(200);
            }
            System.out.printf("MediaDeadlineIT (1 s deadline, %s):%n%s%n", uptime(), String.join("\n", rows));
            assertThat(server.isAlive()).isTrue();
        }
    }

    private byte[] ffmpeg(String name, String... args) throws IOException, InterruptedException {
        Path out = work.resolve(name);
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y"));
        command.addAll(List.of(args));
        command.add(out.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        return Files.readAllBytes(out);
    }

    private String upload(ChildServer server, String token, String name, String type, byte[] content) throws Exception {
        Multipart body = Multipart.create().file("file", name, type, content);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(server.base() + "/v1/media"))
                        .header("token", token)
                        .header("Content-Type", body.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher m = URL.matcher(response.body());
        assertThat(m.find()).isTrue();
        return URI.create(m.group(1)).getPath();
    }

    private static String uptime() throws IOException {
        return "load " + Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
