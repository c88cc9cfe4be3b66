package io.chatmedia.storage.s3;

import java.io.ByteArrayInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The requests every writer into the bucket sends its bytes with: bodies straight from a buffer, and parts. */
final class PartUploads {

    private PartUploads() {}

    /** The first {@code length} bytes of {@code buffer} as a request body, read from the buffer (no copy). */
    static RequestBody bodyOf(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream");
    }

    /**
     * Sends part {@code number} of a multipart upload.
     *
     * @return the part's ETag
     * @throws software.amazon.awssdk.core.exception.SdkException what the store or the SDK answered
     */
    static String uploadPart(
            S3Client client,
            String bucket,
            String key,
            String uploadId,
            int number,
            byte[] buffer,
            int length,
            Md5 md5) {
        return client.uploadPart(
                        request -> request.bucket(bucket)
                                .key(key)
                                .uploadId(uploadId)
                                .partNumber(number)
                                .contentLength((long) length)
                                .contentMD5(md5.of(buffer, length)),
                        bodyOf(buffer, length))
                .eTag();
    }
}
