package io.chatmedia.storage.s3;

import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobKeys;
import io.chatmedia.storage.BlobNotFoundException;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.ExpiringUrl;
import io.chatmedia.storage.KeyFolders;
import io.chatmedia.storage.ResumableWrites;
import io.chatmedia.storage.StorageUnavailableException;
import io.chatmedia.system.DaemonThreadPool;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects in one bucket of an S3-compatible store. A put reads the content one part at a time (memory bounded by
 * the part size, whatever the object's size): content that fits in one part is a single PUT, anything larger a
 * multipart upload that is completed only when the content ended normally and aborted otherwise, so nothing
 * partial ever becomes visible. Failures to reach the store are {@link StorageUnavailableException}s. Objects have
 * public URLs when the bucket has a public address, and redirect URLs (presigned) when reads are handed off.
 */
public final class S3BlobStore implements BlobStore {

    private final S3Client client;
    private final String bucket;
    private final int partSize;
    private final PendingUploads pending;
    private final PublicAddress publicAddress;
    private final PresignedUrls redirects;
    private final S3ResumableWrites resumable;
    private final Md5 md5;
    private final ExecutorService partSenders = DaemonThreadPool.create("s3-part-sender");

    /**
     * A store with neither public URLs nor redirect URLs.
     *
     * @param partSize bytes per part (at least 5 MiB, the S3 minimum for all parts but the last)
     * @param pending  where uploads whose abort failed are remembered for the sweeper
     */
    public S3BlobStore(S3Client client, String bucket, int partSize, PendingUploads pending) {
        this(client, bucket, partSize, pending, null, null);
    }

    /**
     * @param publicAddress the bucket's public domain or CDN, for {@link #publicUrl}; null when it has none
     * @param redirects     presigned URLs for {@link #redirectUrl}; null when reads are not handed off
     */
    S3BlobStore(
            S3Client client,
            String bucket,
            int partSize,
            PendingUploads pending,
            PublicAddress publicAddress,
            PresignedUrls redirects) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("the S3 part size must be at least 5 MiB");
        }
        this.client = client;
        this.md5 = Md5.forClient(client);
        this.bucket = bucket;
        this.partSize = partSize;
        this.pending = pending;
        this.publicAddress = publicAddress;
        this.redirects = redirects;
        this.resumable = new S3ResumableWrites(client, bucket, partSize, pending, partSenders);
    }

    @Override
    public String name() {
        return "s3";
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public BlobInfo put(String key, InputStream content) throws IOException {
        BlobKeys.check(key);
        byte[] buffer = new byte[partSize];
        int first = content.readNBytes(buffer, 0, buffer.length);
        long size;
        if (first < buffer.length) {
            size = putSingle(key, buffer, first);
        } else {
            size = new MultipartUploadWriter(client, bucket, key, pending, partSenders, md5)
                    .write(buffer, first, content);
        }
        return verifiedSize(key, size);
    }

    /** One PUT of the bytes as they are: no part buffer, no copy. */
    @Override
    public BlobInfo putRecomputable(String key, byte[] content) throws IOException {
        KeyFolders.requireRecomputable(key);
        BlobKeys.check(key);
        return verifiedSize(key, putSingle(key, content, content.length));
    }

    private long putSingle(String key, byte[] buffer, int length) throws IOException {
        try {
            client.putObject(
                    request -> request.bucket(bucket)
                            .key(key)
                            .contentLength((long) length)
                            .contentMD5(md5.of(buffer, length)),
                    PartUploads.bodyOf(buffer, length));
            return length;
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    /** The object the store now holds must be exactly what was sent; otherwise it is removed. */
    private BlobInfo verifiedSize(String key, long sent) throws IOException {
        BlobInfo stored = stat(key).orElseThrow(() -> new IOException("object " + key + " missing after upload"));
        if (stored.size() != sent) {
            delete(key);
            throw new IOException("object " + key + " holds " + stored.size() + " bytes, " + sent + " were sent");
        }
        return stored;
    }

    /** A multipart upload on the final key, small tails as objects of their own: nothing on a node's disk. */
    @Override
    public Optional<ResumableWrites> resumableWrites() {
        return Optional.of(resumable);
    }

    @Override
    public InputStream open(String key, ByteRange range) throws IOException {
        BlobKeys.check(key);
        GetObjectRequest.Builder request =
                GetObjectRequest.builder().bucket(bucket).key(key);
        if (!range.isAll()) {
            request.range("bytes=" + range.offset() + "-" + range.last());
        }
        try {
            ResponseInputStream<GetObjectResponse> in = client.getObject(request.build());
            return new AbortingInputStream(in);
        } catch (S3Exception e) {
            if (S3Failures.isNotFound(e)) {
                throw new BlobNotFoundException(key);
            }
            if (e.statusCode() == 416) {
                return InputStream.nullInputStream();
            }
            throw S3Failures.translate(e, bucket);
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        BlobKeys.check(key);
        try {
            HeadObjectResponse head =
                    client.headObject(request -> request.bucket(bucket).key(key));
            return Optional.of(new BlobInfo(key, head.contentLength(), head.lastModified()));
        } catch (S3Exception e) {
            if (S3Failures.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Failures.translate(e, bucket);
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        boolean existed = stat(key).isPresent();
        try {
            client.deleteObject(request -> request.bucket(bucket).key(key));
            return existed;
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    @Override
    public void checkAvailable() throws IOException {
        try {
            client.headBucket(request -> request.bucket(bucket));
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    @Override
    public Stream<BlobInfo> list(String prefix) throws IOException {
        try {
            return client
                    .listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
                    .contents()
                    .stream()
                    .filter(object -> BlobKeys.isValid(object.key()))
                    .map(object -> new BlobInfo(object.key(), object.size(), object.lastModified()));
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
    }

    @Override
    public Optional<URI> publicUrl(String key) {
        BlobKeys.check(key);
        return publicAddress == null ? Optional.empty() : Optional.of(publicAddress.urlOf(key));
    }

    @Override
    public Optional<String> keyOfPublicUrl(String url) {
        return publicAddress == null ? Optional.empty() : publicAddress.keyOf(url);
    }

    @Override
    public Optional<ExpiringUrl> redirectUrl(String key) {
        BlobKeys.check(key);
        return redirects == null ? Optional.empty() : Optional.of(redirects.urlFor(key));
    }

    /** Closing before the end aborts the connection rather than reading the rest of the object. */
    private static final class AbortingInputStream extends FilterInputStream {

        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        AbortingInputStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }
}
