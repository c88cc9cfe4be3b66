package io.chatmedia.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole server on a random port, on its embedded defaults (local disk + SQLite) in a temporary data dir
 * shared by every flow test class (one Spring context), with a real HTTP client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HttpFlowTest {

    public static final long GUEST_LIMIT = 2L * 1024 * 1024;
    public static final Path DATA_DIR = createDataDir();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        registry.add("chatmedia.data-dir", DATA_DIR::toString);
        registry.add("chatmedia.auth.jwt-secret", () -> Tokens.SECRET);
        registry.add("chatmedia.limits.guest-max-bytes", () -> GUEST_LIMIT + "B");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("chatmedia.process.image.styles.thumb", () -> "image/resize,m_fill,w_100,h_100/format,webp");
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("chatmedia-flow-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    protected HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.build());
    }

    protected HttpResponse<byte[]> head(String path, String... headers) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.build());
    }

    protected HttpResponse<byte[]> post(String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (token != null) {
            builder.header("token", token);
        }
        return send(builder.build());
    }

    protected HttpResponse<byte[]> postMultipart(String path, String token, Multipart body) {
        return post(path, token, body.contentType(), body.bytes());
    }

    protected static JsonNode json(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    /** Asserts the contract's failure envelope with this exact status; returns the reason. */
    protected static String assertFails(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode())
                .as("status of %s", new String(response.body()))
                .isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("msg").asString()).isEqualTo("fail");
        assertThat(body.get("data").isString()).isTrue();
        return body.get("data").asString();
    }

    /** Asserts a success envelope with this status; returns data. */
    protected static JsonNode assertOk(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode())
                .as("status of %s", new String(response.body()))
                .isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("msg").asString()).isEqualTo("ok");
        return body.get("data");
    }

    /** Everything a request could leave behind: every file under the data dir's uploads and every row. */
    /** How many derived results (covers, processed images) a media item has in the local store. */
    protected long derivedFilesOf(String mediaId) throws IOException {
        Path folder = DATA_DIR.resolve("public/uploads/derived").resolve(mediaId);
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> !path.getFileName().toString().startsWith("."))
                    .count();
        }
    }

    protected State state() {
        Path uploads = DATA_DIR.resolve("public").resolve("uploads");
        Set<String> files = new TreeSet<>();
        if (Files.exists(uploads)) {
            try (Stream<Path> walk = Files.walk(uploads)) {
                files = walk.filter(Files::isRegularFile)
                        .map(p -> uploads.relativize(p).toString())
                        .collect(Collectors.toCollection(TreeSet::new));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        long rows = jdbc.sql("SELECT COUNT(*) FROM media").query(Long.class).single();
        return new State(files, rows);
    }

    protected void assertNothingLeftBehind(State before) {
        State after = state();
        assertThat(after.files()).as("files under the data dir").isEqualTo(before.files());
        assertThat(after.rows()).as("media rows").isEqualTo(before.rows());
    }

    /** Waits up to a few seconds for the server to finish a request it is still handling, then asserts. */
    protected void eventuallyNothingLeftBehind(State before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!state().equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertNothingLeftBehind(before);
    }

    public record State(Set<String> files, long rows) {}
}
