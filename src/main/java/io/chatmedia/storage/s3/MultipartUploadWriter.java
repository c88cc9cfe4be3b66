package io.chatmedia.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One multipart upload of content of unknown length, one part buffer at a time. Completed only when the content
 * ends normally; on any failure (the source throws, the store fails, the thread is interrupted) the upload is
 * aborted, and when even the abort fails it is remembered for the sweeper, so no invisible parts stay billed.
 */
final class MultipartUploadWriter {

    private static final Logger log = LoggerFactory.getLogger(MultipartUploadWriter.class);
    private static final int MAX_PARTS = 10_000;

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final PendingUploads pending;

    MultipartUploadWriter(S3Client client, String bucket, String key, PendingUploads pending) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.pending = pending;
    }

    /**
     * @param buffer the part buffer, already holding the first {@code length} bytes
     * @return the number of bytes uploaded
     */
    long write(byte[] buffer, int length, InputStream rest) throws IOException {
        String uploadId;
        try {
            uploadId = client.createMultipartUpload(
                            request -> request.bucket(bucket).key(key))
                    .uploadId();
        } catch (SdkException e) {
            throw S3Failures.translate(e, bucket);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            int filled = length;
            while (filled > 0) {
                if (parts.size() == MAX_PARTS) {
                    throw new IOException(
                            "object too large for " + MAX_PARTS + " parts of " + buffer.length + " bytes");
                }
                parts.add(uploadPart(uploadId, parts.size() + 1, buffer, filled));
                total += filled;
                filled = rest.readNBytes(buffer, 0, buffer.length);
            }
            client.completeMultipartUpload(request ->
                    request.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)));
            return total;
        } catch (SdkException e) {
            IOException failure = S3Failures.translate(e, bucket);
            abort(uploadId, failure);
            throw failure;
        } catch (IOException | RuntimeException | Error e) {
            abort(uploadId, e);
            throw e;
        }
    }

    private CompletedPart uploadPart(String uploadId, int number, byte[] buffer, int length) {
        byte[] body = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        String etag = client.uploadPart(
                        request -> request.bucket(bucket)
                                .key(key)
                                .uploadId(uploadId)
                                .partNumber(number)
                                .contentLength((long) length)
                                .contentMD5(Md5.base64(buffer, length)),
                        RequestBody.fromBytes(body))
                .eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private void abort(String uploadId, Throwable cause) {
        try {
            client.abortMultipartUpload(
                    request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            pending.remember(key, uploadId);
            cause.addSuppressed(e);
            log.warn(
                    "could not abort multipart upload {} of {}; the sweeper will retry: {}",
                    uploadId,
                    key,
                    S3Failures.describe(e, bucket));
        }
    }
}
