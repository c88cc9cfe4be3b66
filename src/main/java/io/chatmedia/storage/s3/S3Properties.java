package io.chatmedia.storage.s3;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code chatmedia.storage.s3.*}: an S3-compatible object store (Aliyun OSS, MinIO, AWS S3, Tencent COS, R2).
 * Active when {@code bucket} is set.
 *
 * @param endpoint        the S3 API endpoint, e.g. {@code https://oss-cn-hangzhou.aliyuncs.com}; empty for AWS
 * @param region          the signing region
 * @param bucket          the bucket; setting it switches uploadAliyun and the native API to this store
 * @param accessKey       access key id; when empty, the AWS default chain (env {@code AWS_ACCESS_KEY_ID}, ...)
 * @param secretKey       secret access key
 * @param pathStyleAccess {@code http://endpoint/bucket/key} instead of {@code http://bucket.endpoint/key}
 * @param publicBaseUrl   the bucket's public domain or a CDN, used in the seed's uploadAliyun answer
 * @param serveMode       {@code proxy}: ChatMedia streams the bytes; {@code redirect}: 302 to a presigned URL
 * @param prefix          the seed's key prefix for uploadAliyun
 * @param createBucket    create the bucket at start when it does not exist
 * @param partSize        the multipart part size: memory per upload in flight
 * @param presignTtl      how long a presigned URL (redirect mode) is valid
 * @param staleUploadAge  unfinished multipart uploads older than this are aborted by the sweeper
 * @param sweepInterval   how often the sweeper runs
 */
@ConfigurationProperties("chatmedia.storage.s3")
public record S3Properties(
        URI endpoint,
        @DefaultValue("us-east-1") String region,
        String bucket,
        String accessKey,
        String secretKey,
        @DefaultValue("false") boolean pathStyleAccess,
        String publicBaseUrl,
        @DefaultValue("proxy") ServeMode serveMode,
        @DefaultValue("images") String prefix,
        @DefaultValue("false") boolean createBucket,
        @DefaultValue("8MB") DataSize partSize,
        @DefaultValue("15m") Duration presignTtl,
        @DefaultValue("24h") Duration staleUploadAge,
        @DefaultValue("10m") Duration sweepInterval) {

    /** How reads of objects in the store are answered. */
    public enum ServeMode {
        PROXY,
        REDIRECT
    }

    public boolean enabled() {
        return bucket != null && !bucket.isBlank();
    }
}
