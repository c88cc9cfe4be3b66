package io.chatmedia.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The proposed boundary scanner: random bodies, near-miss delimiters, any chunking of the input. */
class MultipartBodyTest {

    private static InputStream trickle(byte[] data, Random random, int maxChunk) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= data.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 1 + random.nextInt(maxChunk)), data.length - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    @Test
    void yieldsEveryPartExactlyWhateverTheChunking() throws IOException {
        Random random = new Random(7);
        String boundary = "----cmtestXYZ0123";
        for (int round = 0; round < 3000; round++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (random.nextBoolean()) {
                body.writeBytes("preamble\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            int parts = random.nextInt(4);
            List<byte[]> contents = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                body.writeBytes(("--" + boundary + (random.nextBoolean() ? " \t" : "") + "\r\n").getBytes());
                if (random.nextInt(5) > 0) {
                    body.writeBytes(("Content-Disposition: form-data; name=\"f" + p + "\"\r\n").getBytes());
                }
                body.writeBytes("\r\n".getBytes());
                int size = random.nextInt(5) == 0 ? random.nextInt(200_000) : random.nextInt(300);
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                while (content.size() < size) {
                    int kind = random.nextInt(10);
                    if (kind == 0) { // a near-miss delimiter
                        content.writeBytes(
                                ("\r\n--" + boundary.substring(0, random.nextInt(boundary.length())) + "!").getBytes());
                    } else if (kind == 1) {
                        content.writeBytes("\r\n".getBytes());
                    } else {
                        byte[] noise = new byte[random.nextInt(100)];
                        random.nextBytes(noise);
                        content.writeBytes(noise);
                    }
                }
                contents.add(content.toByteArray());
                body.writeBytes(content.toByteArray());
                body.writeBytes("\r\n".getBytes());
            }
            body.writeBytes(("--" + boundary + "--").getBytes());
            if (random.nextBoolean()) {
                body.writeBytes("\r\nepilogue".getBytes());
            }
            MultipartBody parsed = new MultipartBody(
                    trickle(body.toByteArray(), random, 1 + random.nextInt(random.nextBoolean() ? 3 : 70_000)),
                    boundary.getBytes(StandardCharsets.US_ASCII));
            int i = 0;
            MultipartBody.Part part;
            while ((part = parsed.nextPart()) != null) {
                byte[] got;
                if (random.nextBoolean()) {
                    got = part.content().readAllBytes();
                } else {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    int b;
                    while ((b = part.content().read()) >= 0) {
                        bytes.write(b);
                    }
                    got = bytes.toByteArray();
                }
                assertThat(got).as("round %d part %d", round, i).isEqualTo(contents.get(i));
                i++;
            }
            assertThat(i).as("round %d", round).isEqualTo(parts);
            assertThat(parsed.nextPart()).isNull();
        }
    }

    @Test
    void skipsUnreadPartsAndRefusesBrokenBodies() throws IOException {
        byte[] body = "--bb\r\nA: 1\r\n\r\nxxxxxxxx\r\n--bb\r\n\r\nyy\r\n--bb--".getBytes(StandardCharsets.US_ASCII);
        var parsed = new MultipartBody(new ByteArrayInputStream(body), "bb".getBytes());
        var first = parsed.nextPart();
        assertThat(first.headers()).isEqualTo("A: 1\r\n\r\n");
        var second = parsed.nextPart();
        assertThat(second.headers()).isEqualTo("\r\n");
        assertThat(first.content().read())
                .as("a stream of an earlier part ends once the next part is open")
                .isEqualTo(-1);
        assertThat(new String(second.content().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("yy");
        assertThat(parsed.nextPart()).isNull();

        var truncated = new MultipartBody(new ByteArrayInputStream("--bb\r\n\r\nxxxxxxxx".getBytes()), "bb".getBytes());
        var part = truncated.nextPart();
        assertThatThrownBy(() -> part.content().readAllBytes())
                .isInstanceOf(MultipartBody.MalformedMultipartException.class);
        var badLine = new MultipartBody(new ByteArrayInputStream("--bbX\r\n".getBytes()), "bb".getBytes());
        assertThatThrownBy(badLine::nextPart).isInstanceOf(MultipartBody.MalformedMultipartException.class);
        var noBoundary = new MultipartBody(new ByteArrayInputStream("garbage".getBytes()), "bb".getBytes());
        assertThatThrownBy(noBoundary::nextPart).isInstanceOf(MultipartBody.MalformedMultipartException.class);
    }
}
