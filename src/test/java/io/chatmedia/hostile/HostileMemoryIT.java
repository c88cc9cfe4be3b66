package io.chatmedia.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.ImageFixtures;
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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory and deadlines of issue 14 measured on a child server as an operator runs it ({@code -Xmx256m}, defaults but a
 * 2 s deadline): the memory-hungry rows of the corpus each answer a clean status, none raises the peak resident set by
 * more than the job budget, the peak over all of them stays within twice the idle resident set, and a job past its
 * deadline leaves the CPU idle within a second of its 503. Prints the figures.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileMemoryIT {

    private static final long MIB = 1024 * 1024;
    private static final long JOB_BUDGET_MIB = 256;
    private static final Pattern FIELD = Pattern.compile("\"(url|path)\":\"([^\"]+)\"");

    @TempDir
    Path work;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void hostileImagesStayWithinTheBudgetAndDeadlinesStopWork() throws Exception {
        try (ChildServer server =
                ChildServer.in(work).args("--chatmedia.process.deadline=2s").start()) {
            String token = server.userToken("memory");
            String small = upload(server, token, "s.png", Fixtures.png(300, 200))[0];
            for (String warm : List.of(
                    "image/resize,w_100",
                    "image/watermark,text_" + b64("预热 warm") + ",size_30,rotate_30",
                    "image/info",
                    "image/format,webp")) {
                assertThat(get(server, small + "?x-oss-process=" + warm).statusCode())
                        .isEqualTo(200);
            }
            Thread.sleep(500);
            long idle = kib(server, "VmRSS") / 1024;

            String zeros = upload(server, token, "z.png", HostileCorpusFlowTest.zeroPng(15000, 15000))[0];
            String frames = upload(server, token, "f.gif", HostileCorpusFlowTest.gif(1000, 500, 500))[0];
            String photo = upload(server, token, "p.jpg", Fixtures.jpeg(4000, 4000))[0];
            String big = upload(server, token, "n.png", HostileCorpusFlowTest.noisePng(2600, 2500))[0];
            String[] dot = upload(server, token, "d.png", Fixtures.png(1, 1));
            String square = upload(server, token, "q.png", Fixtures.png(800, 800))[0];
            String text64 = b64("W".repeat(64));

            List<String> rows = new ArrayList<>();
            long peak = idle;
            Object[][] cases = {
                {"15000x15000 PNG of zeros, resized", zeros + "?x-oss-process=image/resize,w_100", 400},
                {"1000 frames of 1x1 on 500x500", frames + "?x-oss-process=image/resize,w_10", 400},
                {
                    "64-char text at size 1000",
                    small + "?x-oss-process=image/watermark,text_" + text64 + ",size_1000",
                    400
                },
                {
                    "64-char text at size 400 rotated 45",
                    small + "?x-oss-process=image/watermark,text_" + text64 + ",size_400,rotate_45",
                    400
                },
                {
                    "4000x4000 JPEG, watermarked (legitimate)",
                    photo + "?x-oss-process=image/watermark,text_" + b64("ChatMedia") + ",size_200,rotate_30,g_center",
                    200
                },
                {"4000x4000 JPEG, resized (legitimate)", photo + "?x-oss-process=image/resize,w_800", 200},
                {
                    "tiled 1x1 mark on 800x800",
                    square + "?x-oss-process=image/watermark,image_" + b64(dot[1]) + ",fill_1,t_50",
                    200
                },
            };
            for (Object[] row : cases) {
                resetPeak(server);
                long before = kib(server, "VmRSS") / 1024;
                HttpResponse<byte[]> answer = get(server, (String) row[1]);
                long hwm = kib(server, "VmHWM") / 1024;
                peak = Math.max(peak, hwm);
                rows.add(String.format(
                        "  %-44s %d  peak RSS %5d MiB (+%d over the %d before)",
                        row[0], answer.statusCode(), hwm, hwm - before, before));
                assertThat(answer.statusCode())
                        .as("%s: %s", row[0], new String(answer.body(), StandardCharsets.UTF_8))
                        .isEqualTo((int) row[2]);
                assertThat(hwm - before)
                        .as("%s raises the peak by at most the job budget", row[0])
                        .isLessThanOrEqualTo(JOB_BUDGET_MIB);
            }

            resetPeak(server);
            long before = kib(server, "VmRSS") / 1024;
            List<CompletableFuture<HttpResponse<byte[]>>> infos = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                infos.add(http.sendAsync(
                        HttpRequest.newBuilder(URI.create(server.base() + big + "?x-oss-process=image/info"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            int ok = 0;
            for (CompletableFuture<HttpResponse<byte[]>> info : infos) {
                int status = info.get(60, TimeUnit.SECONDS).statusCode();
                assertThat(status).isIn(200, 429, 503);
                ok += status == 200 ? 1 : 0;
            }
            long hwm = kib(server, "VmHWM") / 1024;
            peak = Math.max(peak, hwm);
            rows.add(String.format(
                    "  %-44s %d of 32 200  peak RSS %5d MiB (+%d over the %d before)",
                    "32 simultaneous image/info on a 19 MB PNG", ok, hwm, hwm - before, before));
            assertThat(ok)
                    .as("answered 200 (the rest 503: the 2 s deadline counts the wait in the queue)")
                    .isPositive();

            byte[] animation = ImageFixtures.gifWithFrames(150, 400, 400);
            String slow = upload(server, token, "slow.gif", animation)[0];
            long cpuBefore = server.cpuMillis();
            long start = System.nanoTime();
            HttpResponse<byte[]> late = get(server, slow + "?x-oss-process=image/blur,r_50,s_50/rotate,33");
            double answeredAfter = (System.nanoTime() - start) / 1e9;
            long atAnswer = server.cpuMillis();
            Thread.sleep(1000);
            long oneSecondLater = server.cpuMillis();
            Thread.sleep(1000);
            long twoSecondsLater = server.cpuMillis();
            rows.add(String.format(
                    "  %-44s %d after %.1f s; CPU %d ms up to the answer, %d ms in the next second, %d in the one after",
                    "150-frame 400x400 GIF, blur + rotate, 2 s deadline",
                    late.statusCode(),
                    answeredAfter,
                    atAnswer - cpuBefore,
                    oneSecondLater - atAnswer,
                    twoSecondsLater - oneSecondLater));
            System.out.printf(
                    "HostileMemoryIT (-Xmx256m, idle RSS %d MiB, peak over all %d MiB = %.2f x idle):%n%s%n",
                    idle, peak, peak / (double) idle, String.join("\n", rows));
            assertThat(late.statusCode()).isIn(200, 503);
            if (late.statusCode() == 503) {
                assertThat(twoSecondsLater - oneSecondLater)
                        .as("CPU ms in the second after the first second past the 503")
                        .isLessThan(200);
            }
            assertThat(peak).as("peak RSS within twice the idle RSS").isLessThanOrEqualTo(2 * idle);
            assertThat(server.isAlive()).isTrue();
        }
    }

    private HttpResponse<byte[]> get(ChildServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.base() + path))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {url, path} of an upload. */
    private String[] upload(ChildServer server, String token, String name, byte[] content) throws Exception {
        Multipart body = Multipart.create().file("file", name, "application/octet-stream", content);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(server.base() + "/v1/media"))
                        .header("token", token)
                        .header("Content-Type", body.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String url = null;
        String path = null;
        Matcher m = FIELD.matcher(response.body());
        while (m.find()) {
            if (m.group(1).equals("url") && url == null) {
                url = URI.create(m.group(2)).getPath();
            } else if (m.group(1).equals("path") && path == null) {
                path = m.group(2);
            }
        }
        return new String[] {url, path};
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static long kib(ChildServer server, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no " + key);
    }

    /** Resets VmHWM to the current RSS (Linux: 5 > /proc/PID/clear_refs). */
    private static void resetPeak(ChildServer server) throws IOException {
        Files.writeString(Path.of("/proc", Long.toString(server.pid()), "clear_refs"), "5");
    }
}
