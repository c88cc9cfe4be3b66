package io.chatmedia.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.Multipart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local disk full during an upload (issue 14, item 6): the child's blob folder ({@code <data-dir>/public/uploads}) is a
 * 12 MB tmpfs mounted by the test (root only; skipped elsewhere). An upload that does not fit is a 507 in the envelope, its partial file is removed, earlier
 * files are still served, and a later upload that fits succeeds without a restart.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DiskFullIT {

    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]+)\"");

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUploadThatDoesNotFitIsA507AndLeavesNothingBehind() throws Exception {
        Path uploads =
                Files.createDirectories(work.resolve("data").resolve("public").resolve("uploads"));
        assertThat(run("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", uploads.toString()))
                .as("mounting the test's small tmpfs (the suite runs as root, as CI does)")
                .isZero();
        try {
            try (ChildServer server = ChildServer.in(work).start()) {
                String token = server.userToken("full");
                byte[] first = Fixtures.noise(1024 * 1024, 1);
                HttpResponse<String> stored = upload(server, token, first);
                assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
                String url = url(stored.body());
                List<String> before = files(uploads);

                HttpResponse<String> tooBig = upload(server, token, Fixtures.noise(16 * 1024 * 1024, 2));
                assertThat(tooBig.statusCode()).as(tooBig.body()).isIn(503, 507);
                assertThat(tooBig.body()).startsWith("{\"msg\":\"fail\",\"data\":\"");
                System.out.printf("DiskFullIT: %d %s%n", tooBig.statusCode(), tooBig.body());
                assertThat(files(uploads)).as("the partial file is removed").isEqualTo(before);

                HttpResponse<byte[]> read = http.send(
                        HttpRequest.newBuilder(URI.create(server.base() + url)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(read.statusCode()).isEqualTo(200);
                assertThat(read.body()).isEqualTo(first);
                HttpResponse<String> after = upload(server, token, Fixtures.noise(512 * 1024, 3));
                assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
                assertThat(server.isAlive()).isTrue();
            }
        } finally {
            run("umount", "-l", uploads.toString());
        }
    }

    private HttpResponse<String> upload(ChildServer server, String token, byte[] content) throws Exception {
        Multipart body = Multipart.create().file("file", "f.bin", "application/octet-stream", content);
        return http.send(
                HttpRequest.newBuilder(URI.create(server.base() + "/v1/media"))
                        .header("token", token)
                        .header("Content-Type", body.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String url(String answer) {
        Matcher m = URL.matcher(answer);
        assertThat(m.find()).as(answer).isTrue();
        return URI.create(m.group(1)).getPath();
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
    }

    private static int run(String... command) throws Exception {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor();
        } catch (IOException e) {
            return -1;
        }
    }
}
