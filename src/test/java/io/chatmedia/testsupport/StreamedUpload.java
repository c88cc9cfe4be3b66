package io.chatmedia.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One multipart {@code POST} of a single file part holding {@code size} bytes of a {@link PseudoRandomInputStream},
 * generated as they are sent (never held in memory nor written to disk), with a fixed length, as a real client
 * streams a large file.
 *
 * @param status  the answer's status
 * @param answer  the answer's body
 * @param sha256  the SHA-256 of the file's bytes as sent, in hex
 * @param seconds from opening the request body to the end of the answer
 */
public record StreamedUpload(int status, String answer, String sha256, double seconds) {

    /**
     * Sends the file as part {@code file} named {@code filename} with a {@code Bearer} token; {@code boundaryPrefix}
     * starts the multipart boundary (a random UUID ends it).
     */
    public static StreamedUpload post(
            String url, String token, String boundaryPrefix, String filename, long size, long seed) throws Exception {
        String boundary = boundaryPrefix + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);

        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(180_000);
        connection.setFixedLengthStreamingMode(head.length + size + tail.length);
        connection.setRequestProperty("Content-Type", "multipart/form-data; boundary=" + boundary);
        connection.setRequestProperty("Authorization", "Bearer " + token);

        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long start = System.nanoTime();
        try (OutputStream out = connection.getOutputStream();
                InputStream content = new PseudoRandomInputStream(size, seed)) {
            out.write(head);
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = content.read(buffer)) != -1) {
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            out.write(tail);
        }
        int status = connection.getResponseCode();
        String answer = ChildServer.readAll(status < 400 ? connection.getInputStream() : connection.getErrorStream());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new StreamedUpload(status, answer, HexFormat.of().formatHex(sha256.digest()), seconds);
    }

    /**
     * Asserts the upload was answered 201 with the SHA-256 and the size ({@code size}) of what was sent; a wrong
     * status is reported with the answer and {@code context} (e.g. the server's log tail).
     */
    public void assertAnsweredAsSent(long size, Supplier<String> context) {
        assertThat(status).as(() -> "answer: " + answer + "\n" + context.get()).isEqualTo(201);
        assertThat(JsonFields.string(answer, "sha256"))
                .as("sha256 answered for the upload")
                .isEqualTo(sha256);
        assertThat(Long.parseLong(JsonFields.number(answer, "size")))
                .as("size answered for the upload")
                .isEqualTo(size);
    }
}
