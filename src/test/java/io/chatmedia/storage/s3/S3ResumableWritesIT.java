package io.chatmedia.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.storage.ResumableWrites;
import io.chatmedia.system.DaemonThreadPool;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.TestS3;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

/**
 * Tails (pieces under 5 MiB kept as objects of their own) handed between two nodes — two {@link S3ResumableWrites}
 * on one bucket, each with its own memory of the tails it put — against S3Proxy: a node continues from the tail the
 * saved state names, never from an older one it still remembers.
 */
class S3ResumableWritesIT {

    private static final int MIB = 1024 * 1024;
    private static final TestS3 S3 = TestS3.shared();
    private static final ExecutorService SENDERS = DaemonThreadPool.create("test-part-sender");

    @Test
    void aNodeNeverContinuesFromATailAnotherNodeReplaced() throws Exception {
        String bucket = S3.newBucket();
        S3ResumableWrites nodeA = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads(), SENDERS);
        S3ResumableWrites nodeB = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads(), SENDERS);
        byte[] bytes = Fixtures.noise(4 * MIB, 51);
        String key = "media/20261206/tails.bin";
        int mib = MIB;

        String state = nodeA.begin(key);
        ResumableWrites.Progress p1 = nodeA.append(key, state, 0, slice(bytes, 0, mib), -1, (long) bytes.length, null);
        // node A's second request puts a longer tail at the same start, but is refused (its state is never saved)
        byte[] refused = Fixtures.noise(mib, 52);
        nodeA.append(key, p1.state(), mib, new ByteArrayInputStream(refused), -1, (long) bytes.length, null);
        // node B continues from the saved state, replacing the tail with other bytes of the same length
        ResumableWrites.Progress p2 =
                nodeB.append(key, p1.state(), mib, slice(bytes, mib, mib), -1, (long) bytes.length, null);
        // back on node A, which still remembers the refused tail of that start and length
        ResumableWrites.Progress p3 =
                nodeA.append(key, p2.state(), 2 * mib, slice(bytes, 2 * mib, 2 * mib), -1, (long) bytes.length, null);
        assertThat(p3.offset()).isEqualTo(bytes.length);
        nodeA.complete(key, p3.state(), bytes.length);

        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray())
                .isEqualTo(bytes);
    }

    @Test
    void aNodeContinuesFromTheTailItPutAndFromOneItNeverSaw() throws Exception {
        String bucket = S3.newBucket();
        S3ResumableWrites nodeA = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads(), SENDERS);
        S3ResumableWrites nodeB = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads(), SENDERS);
        byte[] bytes = Fixtures.noise(3 * MIB + 5, 53);
        String key = "media/20261206/handover.bin";

        String state = nodeA.begin(key);
        var p1 = nodeA.append(key, state, 0, slice(bytes, 0, MIB), -1, null, null);
        var p2 = nodeA.append(key, p1.state(), MIB, slice(bytes, MIB, MIB), -1, null, null);
        var p3 = nodeB.append(key, p2.state(), 2 * MIB, slice(bytes, 2 * MIB, MIB + 5), -1, null, null);
        nodeB.complete(key, p3.state(), p3.offset());

        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray())
                .isEqualTo(bytes);
        assertThat(S3.client()
                        .listObjectsV2(r -> r.bucket(bucket).prefix("resumable/"))
                        .contents())
                .isEmpty();
    }

    @Test
    void partsGoUpWhileTheirBytesArriveAcrossRequestsAndTails() throws Exception {
        String bucket = S3.newBucket();
        S3ResumableWrites node = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads(), SENDERS);
        byte[] bytes = Fixtures.noise(19 * MIB + 5, 54);
        String key = "media/20261206/streamed.bin";
        List<Long> checkpoints = new ArrayList<>();

        String state = node.begin(key);
        // 12 MiB declared: a whole part sent as it comes, then 4 MiB left as a tail
        var p1 = node.append(
                key,
                state,
                0,
                slice(bytes, 0, 12 * MIB),
                12 * MIB,
                (long) bytes.length,
                p -> checkpoints.add(p.offset()));
        // the tail and 4 MiB make a whole part; the last 3 MiB + 5 bytes end the upload as its last part
        int rest = bytes.length - 12 * MIB;
        var p2 = node.append(
                key,
                p1.state(),
                12 * MIB,
                slice(bytes, 12 * MIB, rest),
                rest,
                (long) bytes.length,
                p -> checkpoints.add(p.offset()));
        assertThat(p2.offset()).isEqualTo(bytes.length);
        assertThat(checkpoints).containsExactly((long) 8 * MIB, (long) 16 * MIB, (long) bytes.length);
        node.complete(key, p2.state(), bytes.length);

        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray())
                .isEqualTo(bytes);
    }

    @Test
    void aRequestThatEndsBeforeWhatItDeclaredKeepsWhatCame() throws Exception {
        String bucket = S3.newBucket();
        S3ResumableWrites node = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads(), SENDERS);
        byte[] bytes = Fixtures.noise(14 * MIB, 55);
        String key = "media/20261206/short.bin";

        String state = node.begin(key);
        // declares 16 MiB but brings 10: one part, then 2 MiB kept as a tail (the second part is never sent)
        var p1 = node.append(key, state, 0, slice(bytes, 0, 10 * MIB), 16 * MIB, (long) bytes.length, null);
        assertThat(p1.offset()).isEqualTo(10 * MIB);
        assertThat(S3ResumableWrites.State.parse(p1.state()).parts()).hasSize(1);
        assertThat(S3ResumableWrites.State.parse(p1.state()).tail()).isEqualTo(2 * MIB);
        var p2 = node.append(
                key, p1.state(), 10 * MIB, slice(bytes, 10 * MIB, 4 * MIB), 4 * MIB, (long) bytes.length, null);
        node.complete(key, p2.state(), bytes.length);

        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray())
                .isEqualTo(bytes);
    }

    @Test
    void aRequestThatBreaksMidPartKeepsTheLastCheckpointOnly() throws Exception {
        String bucket = S3.newBucket();
        S3ResumableWrites node = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads(), SENDERS);
        byte[] bytes = Fixtures.noise(12 * MIB, 56);
        String key = "media/20261206/broken.bin";
        List<ResumableWrites.Progress> checkpoints = new ArrayList<>();

        String state = node.begin(key);
        InputStream breaking = new SequenceInputStream(slice(bytes, 0, 10 * MIB), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });
        assertThatThrownBy(() -> node.append(key, state, 0, breaking, 12 * MIB, (long) bytes.length, checkpoints::add))
                .hasMessageContaining("connection reset");
        assertThat(checkpoints).extracting(ResumableWrites.Progress::offset).containsExactly((long) 8 * MIB);

        var done = node.append(
                key,
                checkpoints.get(0).state(),
                8 * MIB,
                slice(bytes, 8 * MIB, 4 * MIB),
                4 * MIB,
                (long) bytes.length,
                null);
        node.complete(key, done.state(), bytes.length);
        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray())
                .isEqualTo(bytes);
    }

    private static ByteArrayInputStream slice(byte[] bytes, int from, int length) {
        return new ByteArrayInputStream(Arrays.copyOfRange(bytes, from, from + length));
    }
}
