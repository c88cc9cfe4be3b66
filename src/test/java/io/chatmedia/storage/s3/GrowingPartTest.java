package io.chatmedia.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.testsupport.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class GrowingPartTest {

    @Test
    void aReaderGetsTheBytesAlreadyThereAndThoseThatComeLater() throws Exception {
        byte[] bytes = Fixtures.noise(1_000_000, 61);
        byte[] buffer = new byte[1_200_000];
        System.arraycopy(bytes, 0, buffer, 0, 1000); // a tail in front
        GrowingPart part = new GrowingPart(buffer, 1000, bytes.length);
        PipedOutputStream source = new PipedOutputStream();
        PipedInputStream received = new PipedInputStream(source, 4096);
        CompletableFuture<byte[]> sent = CompletableFuture.supplyAsync(() -> readAll(part.reader()));

        CompletableFuture<Integer> filled = CompletableFuture.supplyAsync(() -> {
            try {
                return part.fillFrom(received);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        source.write(bytes, 1000, bytes.length - 1000);
        source.close();

        assertThat(filled.get()).isEqualTo(bytes.length);
        assertThat(sent.get()).isEqualTo(bytes);
        assertThat(readAll(part.reader())).as("a retry reads from the start").isEqualTo(bytes);
    }

    @Test
    void aSourceThatEndsEarlyFailsTheReadersAndKeepsWhatCame() throws Exception {
        byte[] bytes = Fixtures.noise(300_000, 62);
        GrowingPart part = new GrowingPart(new byte[500_000], 0, 500_000);
        CompletableFuture<byte[]> sent = CompletableFuture.supplyAsync(() -> readAll(part.reader()));

        assertThat(part.fillFrom(new ByteArrayInputStream(bytes))).isEqualTo(bytes.length);

        assertThatThrownBy(sent::get).hasRootCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> part.reader().readAllBytes()).isInstanceOf(IOException.class);
    }

    @Test
    void aSourceThatFailsFailsTheReaders() {
        GrowingPart part = new GrowingPart(new byte[100_000], 0, 100_000);
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> part.fillFrom(broken)).hasMessage("connection reset");
        assertThatThrownBy(() -> part.reader().read(new byte[10], 0, 10)).isInstanceOf(IOException.class);
    }

    private static byte[] readAll(InputStream in) {
        try {
            byte[] all = in.readAllBytes();
            return Arrays.copyOf(all, all.length);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
