package io.chatmedia.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One multipart upload of content of unknown length, with two part buffers: while one part is sent (on a helper
 * thread), the next is read from the source into the other buffer, so the source and the store are busy
 * at the same time and memory stays at two parts. Completed only when the content ends normally; on any failure (the
 * source throws, the store fails, the thread is interrupted) the part in flight is stopped and waited for, and the
 * upload is aborted; when even the abort fails it is remembered for the sweeper, so no invisible parts stay billed.
 */
final class MultipartUploadWriter {

    private static final Logger log = LoggerFactory.getLogger(MultipartUploadWriter.class);
    private static final int MAX_PARTS = 10_000;

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final PendingUploads pending;
    private final Executor senders;
    private final Md5 md5;

    MultipartUploadWriter(
            S3Client client, String bucket, String key, PendingUploads pending, Executor senders, Md5 md5) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.pending = pending;
        this.senders = senders;
        this.md5 = md5;
    }

    /**
     * @param buffer the first part buffer, already holding the first {@code length} bytes (a full buffer)
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
        PartSend inFlight = null; // the part awaited next
        PartSend newest = null; // the part started last: the same, or the one after it while that is awaited
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] filling = buffer;
            byte[] spare = null;
            long total = 0;
            int number = 0;
            int filled = length;
            while (filled > 0) {
                if (number == MAX_PARTS) {
                    throw new IOException(
                            "object too large for " + MAX_PARTS + " parts of " + buffer.length + " bytes");
                }
                newest = send(uploadId, ++number, filling, filled);
                if (inFlight != null) {
                    parts.add(inFlight.await()); // its buffer is free again
                }
                inFlight = newest;
                total += filled;
                byte[] free = spare == null ? new byte[buffer.length] : spare;
                spare = filling;
                filling = free;
                filled = rest.readNBytes(filling, 0, filling.length);
            }
            parts.add(inFlight.await());
            inFlight = null;
            newest = null;
            client.completeMultipartUpload(request ->
                    request.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload -> upload.parts(parts)));
            return total;
        } catch (SdkException e) {
            IOException failure = S3Failures.translate(e, bucket);
            stop(inFlight);
            stop(newest);
            abort(uploadId, failure);
            throw failure;
        } catch (IOException | RuntimeException | Error e) {
            stop(inFlight);
            stop(newest);
            abort(uploadId, e);
            throw e;
        }
    }

    private PartSend send(String uploadId, int number, byte[] part, int length) {
        return PartSend.start(senders, () -> {
            String etag = PartUploads.uploadPart(client, bucket, key, uploadId, number, part, length, md5);
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        });
    }

    private static void stop(PartSend inFlight) {
        if (inFlight != null) {
            inFlight.stop();
        }
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
