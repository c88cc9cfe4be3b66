package io.chatmedia.resumable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A bare tus 1.0 client over the JDK's HTTP client, for protocol tests that need to send exactly what they say. */
final class TusClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;

    TusClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    String token() {
        return token;
    }

    /** A request with the token and {@code Tus-Resumable: 1.0.0} unless the headers name it. */
    HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        List<String> all = new ArrayList<>(List.of(headers));
        boolean version = false;
        for (int i = 0; i < all.size(); i += 2) {
            version |= all.get(i).equalsIgnoreCase("Tus-Resumable");
        }
        if (!version) {
            all.add("Tus-Resumable");
            all.add("1.0.0");
        }
        if (token != null) {
            all.add("token");
            all.add(token);
        }
        builder.headers(all.toArray(String[]::new));
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates an upload of {@code length} bytes named {@code filename}; @return its path */
    String create(long length, String filename) {
        HttpResponse<byte[]> created = send(
                "POST",
                "/v1/uploads",
                null,
                "Upload-Length",
                Long.toString(length),
                "Upload-Metadata",
                "filename " + b64(filename) + ",filetype " + b64("application/octet-stream"));
        if (created.statusCode() != 201) {
            throw new AssertionError("creation answered " + created.statusCode() + ": " + new String(created.body()));
        }
        return created.headers().firstValue("Location").orElseThrow();
    }

    HttpResponse<byte[]> patch(String path, long offset, byte[] chunk, String... headers) {
        List<String> all = new ArrayList<>(
                List.of("Content-Type", "application/offset+octet-stream", "Upload-Offset", Long.toString(offset)));
        all.addAll(List.of(headers));
        return send("PATCH", path, chunk, all.toArray(String[]::new));
    }

    HttpResponse<byte[]> head(String path) {
        return send("HEAD", path, null);
    }

    long offset(String path) {
        HttpResponse<byte[]> head = head(path);
        if (head.statusCode() != 200) {
            throw new AssertionError("HEAD answered " + head.statusCode());
        }
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
