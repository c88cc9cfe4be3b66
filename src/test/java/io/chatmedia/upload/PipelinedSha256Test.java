package io.chatmedia.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.system.DaemonThreadPool;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelinedSha256Test {

    private static final int DIRECT = PipelinedSha256.DIRECT_BYTES;
    private static final int BLOCK = PipelinedSha256.BLOCK;

    private final ExecutorService helpers = DaemonThreadPool.create("test-sha256");

    @AfterEach
    void shutDown() {
        helpers.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, DIRECT - 1, DIRECT, DIRECT + 1, DIRECT + BLOCK, DIRECT + 3 * BLOCK + 17, 9_999_991})
    void hashesExactlyWhatAWholeDigestHashesWhateverTheChunks(int size) throws Exception {
        byte[] bytes = new byte[size];
        Random random = new Random(size);
        random.nextBytes(bytes);
        PipelinedSha256 pipelined = new PipelinedSha256(helpers);
        int offset = 0;
        while (offset < size) {
            int chunk = Math.min(size - offset, 1 + random.nextInt(random.nextBoolean() ? 100 : 300_000));
            pipelined.update(bytes, offset, chunk);
            // the caller reuses its buffer at once, as a reading loop does: the blocks must be copies
            Arrays.fill(bytes, offset, offset + chunk, (byte) 0);
            offset += chunk;
        }
        random = new Random(size);
        byte[] original = new byte[size];
        random.nextBytes(original);

        assertThat(pipelined.hex())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(original)));
    }
}
