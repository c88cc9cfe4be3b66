package io.chatmedia.storage.s3;

import io.chatmedia.lease.Leases;
import io.chatmedia.storage.KeyFolders;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object store, when {@code chatmedia.storage.s3.bucket} is set. A bucket that does not exist stops the start
 * with a clear message (or is created with {@code create-bucket}); a store that is unreachable or refuses the
 * credentials at start does not: readiness reports it, uploads answer 503, and everything works once it is fixed.
 */
@Configuration
@ConditionalOnExpression("!'${chatmedia.storage.s3.bucket:}'.isBlank()")
class S3Config {

    private static final Logger log = LoggerFactory.getLogger(S3Config.class);

    @Bean(destroyMethod = "close")
    S3Client s3Client(S3Properties properties) {
        S3Client client = S3ClientFactory.client(properties);
        ensureBucket(client, properties);
        return client;
    }

    @Bean
    PendingUploads pendingUploads() {
        return new PendingUploads();
    }

    /** Public URLs on {@code public-base-url} when set; presigned redirect URLs in {@code serve-mode: redirect}. */
    @Bean
    S3BlobStore s3BlobStore(S3Client client, S3Properties properties, PendingUploads pending) {
        PresignedUrls redirects = properties.serveMode() == S3Properties.ServeMode.REDIRECT
                ? new PresignedUrls(
                        S3ClientFactory.presigner(properties),
                        properties.bucket(),
                        properties.presignTtl(),
                        Clock.systemUTC())
                : null;
        return new S3BlobStore(
                client,
                properties.bucket(),
                Math.toIntExact(properties.partSize().toBytes()),
                pending,
                PublicAddress.of(properties.publicBaseUrl()),
                redirects);
    }

    /**
     * Sweeps under every folder ChatMedia writes under, and nowhere else; on one node at a time, and once per interval
     * across the cluster (the lease is kept for most of the interval after a sweep, so other nodes skip their turns).
     */
    @Bean
    StaleUploadSweeper staleUploadSweeper(
            S3Client client,
            S3Properties properties,
            PendingUploads pending,
            KeyFolders folders,
            TaskScheduler scheduler,
            Leases leases) {
        StaleUploadSweeper sweeper = new StaleUploadSweeper(
                client,
                properties.bucket(),
                folders.prefixes(),
                properties.staleUploadAge(),
                pending,
                Clock.systemUTC());
        Duration hold = properties.sweepInterval().multipliedBy(9).dividedBy(10);
        scheduler.scheduleWithFixedDelay(
                () -> leases.runExclusively(
                        "job", "s3-stale-upload-sweep/" + properties.bucket(), hold, sweeper::sweep),
                properties.sweepInterval());
        return sweeper;
    }

    private static void ensureBucket(S3Client client, S3Properties properties) {
        String bucket = properties.bucket();
        try {
            client.headBucket(request -> request.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                log.warn(
                        "object store check failed at start ({}); uploads answer 503 until it is fixed",
                        S3Failures.describe(e, bucket));
                return;
            }
            if (!properties.createBucket()) {
                throw new IllegalStateException(
                        "the bucket '" + bucket + "' does not exist at "
                                + (properties.endpoint() == null ? "AWS S3" : properties.endpoint())
                                + ": create it, or set chatmedia.storage.s3.create-bucket=true",
                        e);
            }
            client.createBucket(request -> request.bucket(bucket));
            log.info("created bucket {}", bucket);
        } catch (SdkException e) {
            log.warn(
                    "object store unreachable at start ({}); uploads answer 503 until it is back",
                    S3Failures.describe(e, bucket));
        }
    }
}
