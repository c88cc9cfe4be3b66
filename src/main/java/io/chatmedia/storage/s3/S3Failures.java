package io.chatmedia.storage.s3;

import io.chatmedia.storage.StorageUnavailableException;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns the SDK's exceptions into the storage contract's: what the store cannot do now is a 503, with a cause. */
final class S3Failures {

    private S3Failures() {}

    static IOException translate(SdkException e, String bucket) {
        return new StorageUnavailableException(describe(e, bucket), e);
    }

    /** A short, operator-readable cause: unreachable, credentials refused, bucket missing, or the server's own words. */
    static String describe(SdkException e, String bucket) {
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (status == 403
                    || "AccessDenied".equals(code)
                    || "InvalidAccessKeyId".equals(code)
                    || "SignatureDoesNotMatch".equals(code)) {
                return "object store refused the credentials (" + (code == null ? status : code)
                        + "): check chatmedia.storage.s3.access-key and secret-key";
            }
            if ("NoSuchBucket".equals(code) || status == 404) {
                return "object store bucket '" + bucket + "' does not exist";
            }
            return "object store failed: " + (code == null ? "HTTP " + status : code);
        }
        if (e instanceof SdkClientException) {
            return "object store unreachable: " + rootMessage(e);
        }
        return "object store failed: " + rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    static boolean isNotFound(S3Exception e) {
        return e.statusCode() == 404
                && (e.awsErrorDetails() == null
                        || !"NoSuchBucket".equals(e.awsErrorDetails().errorCode()));
    }
}
