package io.chatmedia.storage.s3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Aborts multipart uploads ChatMedia left behind, so their invisible parts are not billed forever: first those
 * whose abort failed in this process ({@link PendingUploads}), then any unfinished upload under ChatMedia's key
 * prefixes that started longer ago than the stale age (left by a process that was killed). Uploads of other
 * applications sharing the bucket, under other prefixes, are never touched.
 */
public final class StaleUploadSweeper {

    private static final Logger log = LoggerFactory.getLogger(StaleUploadSweeper.class);

    private final S3Client client;
    private final String bucket;
    private final List<String> prefixes;
    private final Duration staleAge;
    private final PendingUploads pending;
    private final Clock clock;

    StaleUploadSweeper(
            S3Client client,
            String bucket,
            List<String> prefixes,
            Duration staleAge,
            PendingUploads pending,
            Clock clock) {
        this.client = client;
        this.bucket = bucket;
        this.prefixes = prefixes;
        this.staleAge = staleAge;
        this.pending = pending;
        this.clock = clock;
    }

    /**
     * One sweep. Never throws: a store that is down is tried again at the next sweep.
     *
     * @return how many uploads were aborted
     */
    public int sweep() {
        int aborted = 0;
        for (Map.Entry<String, String> upload : pending.snapshot().entrySet()) {
            if (abort(upload.getValue(), upload.getKey())) {
                pending.forget(upload.getKey());
                aborted++;
            }
        }
        Instant cutoff = clock.instant().minus(staleAge);
        for (String prefix : prefixes) {
            try {
                for (MultipartUpload upload : client.listMultipartUploadsPaginator(
                                request -> request.bucket(bucket).prefix(prefix))
                        .uploads()) {
                    if (upload.initiated() != null
                            && upload.initiated().isBefore(cutoff)
                            && abort(upload.key(), upload.uploadId())) {
                        aborted++;
                    }
                }
            } catch (SdkException e) {
                log.warn("could not list unfinished uploads under {}: {}", prefix, S3Failures.describe(e, bucket));
            }
        }
        if (aborted > 0) {
            log.info("aborted {} unfinished multipart uploads", aborted);
        }
        return aborted;
    }

    private boolean abort(String key, String uploadId) {
        try {
            client.abortMultipartUpload(
                    request -> request.bucket(bucket).key(key).uploadId(uploadId));
            return true;
        } catch (SdkException e) {
            if (e instanceof software.amazon.awssdk.services.s3.model.NoSuchUploadException) {
                return true; // already gone
            }
            log.debug("abort of {} failed: {}", uploadId, S3Failures.describe(e, bucket));
            return false;
        }
    }
}
