package io.chatmedia.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.storage.ResumableWrites;
import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.TestS3;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Tails (pieces under 5 MiB kept as objects of their own) handed between two nodes — two {@link S3ResumableWrites}
 * on one bucket, each with its own memory of the tails it put — against S3Proxy: a node continues from the tail the
 * saved state names, never from an older one it still remembers.
 */
class S3ResumableWritesIT {

    private static final int MIB = 1024 * 1024;
    private static final TestS3 S3 = TestS3.shared();

    @Test
    void aNodeNeverContinuesFromATailAnotherNodeReplaced() throws Exception {
        String bucket = S3.newBucket();
        S3ResumableWrites nodeA = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads());
        S3ResumableWrites nodeB = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads());
        byte[] bytes = Fixtures.noise(4 * MIB, 51);
        String key = "media/20261206/tails.bin";
        int mib = MIB;

        String state = nodeA.begin(key);
        ResumableWrites.Progress p1 = nodeA.append(key, state, 0, slice(bytes, 0, mib), (long) bytes.length, null);
        // node A's second request puts a longer tail at the same start, but is refused (its state is never saved)
        byte[] refused = Fixtures.noise(mib, 52);
        nodeA.append(key, p1.state(), mib, new ByteArrayInputStream(refused), (long) bytes.length, null);
        // node B continues from the saved state, replacing the tail with other bytes of the same length
        ResumableWrites.Progress p2 =
                nodeB.append(key, p1.state(), mib, slice(bytes, mib, mib), (long) bytes.length, null);
        // back on node A, which still remembers the refused tail of that start and length
        ResumableWrites.Progress p3 =
                nodeA.append(key, p2.state(), 2 * mib, slice(bytes, 2 * mib, 2 * mib), (long) bytes.length, null);
        assertThat(p3.offset()).isEqualTo(bytes.length);
        nodeA.complete(key, p3.state(), bytes.length);

        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray())
                .isEqualTo(bytes);
    }

    @Test
    void aNodeContinuesFromTheTailItPutAndFromOneItNeverSaw() throws Exception {
        String bucket = S3.newBucket();
        S3ResumableWrites nodeA = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads());
        S3ResumableWrites nodeB = new S3ResumableWrites(S3.client(), bucket, 8 * MIB, new PendingUploads());
        byte[] bytes = Fixtures.noise(3 * MIB + 5, 53);
        String key = "media/20261206/handover.bin";

        String state = nodeA.begin(key);
        var p1 = nodeA.append(key, state, 0, slice(bytes, 0, MIB), null, null);
        var p2 = nodeA.append(key, p1.state(), MIB, slice(bytes, MIB, MIB), null, null);
        var p3 = nodeB.append(key, p2.state(), 2 * MIB, slice(bytes, 2 * MIB, MIB + 5), null, null);
        nodeB.complete(key, p3.state(), p3.offset());

        assertThat(S3.client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray())
                .isEqualTo(bytes);
        assertThat(S3.client()
                        .listObjectsV2(r -> r.bucket(bucket).prefix("resumable/"))
                        .contents())
                .isEmpty();
    }

    private static ByteArrayInputStream slice(byte[] bytes, int from, int length) {
        return new ByteArrayInputStream(Arrays.copyOfRange(bytes, from, from + length));
    }
}
