package io.chatmedia.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.BlobStoreContract;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.StorageUnavailableException;
import io.chatmedia.testsupport.TestS3;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The storage contract, unchanged, against a real S3 API server; plus what only multipart uploads have. */
class S3BlobStoreIT extends BlobStoreContract {

    private static final int PART = 5 * 1024 * 1024;
    private final TestS3 server = TestS3.shared();
    private String bucket;
    private final PendingUploads pending = new PendingUploads();

    /** With a public address and redirect URLs, so the contract's cases for them have something to check. */
    @Override
    protected BlobStore newStore() {
        bucket = server.newBucket();
        S3Properties properties = properties(server.endpoint(), TestS3.SECRET_KEY);
        return new S3BlobStore(
                S3ClientFactory.client(properties),
                bucket,
                PART,
                pending,
                PublicAddress.of(" http://cdn.example.com/media-cdn// "),
                new PresignedUrls(
                        S3ClientFactory.presigner(properties), bucket, Duration.ofMinutes(15), Clock.systemUTC()));
    }

    private S3Properties properties(URI endpoint, String secret) {
        return new S3Properties(
                endpoint,
                TestS3.REGION,
                bucket,
                TestS3.ACCESS_KEY,
                secret,
                true,
                null,
                S3Properties.ServeMode.PROXY,
                "images",
                false,
                DataSize.ofBytes(PART),
                Duration.ofMinutes(15),
                Duration.ofHours(24),
                Duration.ofMinutes(10));
    }

    @Test
    void anObjectsPublicUrlIsTheConfiguredBaseAndItsEncodedKey() {
        assertThat(store.publicUrl("images/20250417/a b+c.png"))
                .hasValue(URI.create("http://cdn.example.com/media-cdn/images/20250417/a%20b+c.png"));
        assertThat(store.keyOfPublicUrl("http://cdn.example.com/media-cdn/images/a%20b+c.png"))
                .hasValue("images/a b+c.png");
        assertThat(store.keyOfPublicUrl("http://cdn.example.com/other/images/a.png"))
                .isEmpty();
    }

    @Test
    void hasNeitherPublicNorRedirectUrlsUnlessConfigured() {
        S3BlobStore plain = new S3BlobStore(
                S3ClientFactory.client(properties(server.endpoint(), TestS3.SECRET_KEY)), bucket, PART, pending);
        assertThat(plain.publicUrl("images/a.png")).isEmpty();
        assertThat(plain.keyOfPublicUrl("http://cdn.example.com/media-cdn/images/a.png"))
                .isEmpty();
        assertThat(plain.redirectUrl("images/a.png")).isEmpty();
    }

    @Test
    void handsOutTheSameRedirectUrlWhileMuchOfItsValidityRemains() {
        assertThat(store.redirectUrl(key("same.bin"))).isEqualTo(store.redirectUrl(key("same.bin")));
    }

    @Test
    void uploadsContentLargerThanAPartInSeveralParts() throws Exception {
        byte[] bytes = random(2 * PART + 12345);
        assertThat(store.put(key("big.bin"), new ChunkyStream(bytes)).size()).isEqualTo(bytes.length);
        try (InputStream in = store.open(key("big.bin"), ByteRange.closed(PART - 10, PART + 9))) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, PART - 10, PART + 10));
        }
        try (InputStream in = store.open(key("big.bin"), ByteRange.ALL)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void abortsTheMultipartUploadWhenTheSourceFailsHalfway() {
        InputStream failing = new FailingStream(random(3 * PART), 2 * PART + 100);
        assertThatThrownBy(() -> store.put(key("half.bin"), failing)).isInstanceOf(IOException.class);
        assertThat(server.client()
                        .listMultipartUploads(request -> request.bucket(bucket))
                        .uploads())
                .isEmpty();
        assertThat(server.client()
                        .listObjectsV2(request -> request.bucket(bucket))
                        .contents())
                .isEmpty();
        assertThat(pending.snapshot()).isEmpty();
    }

    @Test
    void closingAReadEarlyDoesNotReadTheWholeObject() throws Exception {
        byte[] bytes = random(3 * PART);
        store.put(key("early.bin"), new ByteArrayInputStream(bytes));
        try (InputStream in = store.open(key("early.bin"), ByteRange.ALL)) {
            assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOf(bytes, 10));
        }
    }

    @Test
    void reportsWrongCredentialsAndAMissingBucketAsUnavailable() {
        S3BlobStore wrong = new S3BlobStore(
                S3ClientFactory.client(properties(server.endpoint(), "wrong-secret")), bucket, PART, pending);
        assertThatThrownBy(wrong::checkAvailable)
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> wrong.put(key("x"), new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(StorageUnavailableException.class);
        S3BlobStore missing = new S3BlobStore(
                S3ClientFactory.client(properties(server.endpoint(), TestS3.SECRET_KEY)),
                "no-such-bucket-here",
                PART,
                pending);
        assertThatThrownBy(missing::checkAvailable)
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void reportsAnUnreachableStoreQuickly() {
        S3BlobStore nowhere = new S3BlobStore(
                S3ClientFactory.client(properties(URI.create("http://127.0.0.1:1"), TestS3.SECRET_KEY)),
                bucket,
                PART,
                pending);
        long start = System.nanoTime();
        assertThatThrownBy(() -> nowhere.put(key("x"), new ByteArrayInputStream(new byte[10])))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("unreachable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void theSweeperAbortsUploadsWhoseAbortFailedAndStaleOnesUnderItsPrefixesOnly() {
        var client = server.client();
        String remembered = client.createMultipartUpload(r -> r.bucket(bucket).key("images/a.bin"))
                .uploadId();
        pending.remember("images/a.bin", remembered);
        client.createMultipartUpload(r -> r.bucket(bucket).key("media/stale.bin"));
        client.createMultipartUpload(r -> r.bucket(bucket).key("other-app/keep.bin"));

        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(25));
        StaleUploadSweeper sweeper = new StaleUploadSweeper(
                client, bucket, List.of("images/", "media/"), Duration.ofHours(24), pending, later);
        assertThat(sweeper.sweep()).isEqualTo(2);
        assertThat(pending.snapshot()).isEmpty();
        assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads())
                .extracting(upload -> upload.key())
                .containsExactly("other-app/keep.bin");
    }
}
