package io.chatmedia.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.storage.KeyFolders;
import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.JsonFields;
import io.chatmedia.testsupport.StreamedUpload;
import io.chatmedia.testsupport.TestS3;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A 300 MB upload into the object store with the whole server at {@code -Xmx160m}: the application runs in a child
 * JVM with that heap (and {@code -XX:+ExitOnOutOfMemoryError}), configured for an S3Proxy of this class's own by
 * command-line arguments, and a real HTTP client streams a multipart body generated on the fly (never held in
 * memory nor written to disk) to POST /v1/media. The answer's SHA-256 and size must match what was sent, the object
 * in the bucket must have that size, and the child must still be alive and healthy afterwards. The child is a
 * {@link ChildServer}, as in {@code LowMemoryUploadIT}, with {@code AWS_*} variables also kept from it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class S3LowMemoryUploadIT {

    private static final long SIZE = 300L * 1000 * 1000;
    private static final String HEAP = "-Xmx160m";

    @TempDir
    static Path work;

    private static TestS3 s3;
    private static String bucket;
    private static ChildServer child;

    @BeforeAll
    static void startChild() throws Exception {
        s3 = TestS3.start();
        bucket = s3.newBucket();
        child = ChildServer.in(work)
                .heap(HEAP)
                .scrubEnv("AWS_")
                .args(
                        "--chatmedia.limits.user-max-bytes=1GB",
                        "--chatmedia.storage.s3.endpoint=" + s3.endpoint(),
                        "--chatmedia.storage.s3.region=" + TestS3.REGION,
                        "--chatmedia.storage.s3.bucket=" + bucket,
                        "--chatmedia.storage.s3.access-key=" + TestS3.ACCESS_KEY,
                        "--chatmedia.storage.s3.secret-key=" + TestS3.SECRET_KEY,
                        "--chatmedia.storage.s3.path-style-access=true")
                .start();
    }

    @AfterAll
    static void stopChild() throws InterruptedException {
        try {
            if (child != null) {
                child.stop();
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    @Test
    void a300MbMultipartUploadGoesIntoTheBucketWithTheServerAt160MbOfHeap() throws Exception {
        StreamedUpload upload = StreamedUpload.post(
                child.base() + "/v1/media",
                child.userToken("s3-low-memory-user"),
                "cm-s3-low-memory-",
                "s3-low-memory.bin",
                SIZE,
                0x53_3EED_C0FFEEL);
        String answer = upload.answer();

        System.out.println("S3LowMemoryUploadIT: child class path from " + child.classPathSource());
        System.out.printf(
                "S3LowMemoryUploadIT: child ready in %.1f s; 300 MB multipart upload into S3 answered %d"
                        + " in %.1f s (%.0f MB/s); child %s VmHWM %s, VmRSS %s%n",
                child.startupSeconds(),
                upload.status(),
                upload.seconds(),
                SIZE / upload.seconds() / 1e6,
                HEAP,
                child.vmHwm(),
                child.procStatus("VmRSS"));

        upload.assertAnsweredAsSent(SIZE, child::logTail);

        String key = JsonFields.string(answer, "path");
        assertThat(key)
                .as("object key under the native prefix: %s", key)
                .startsWith(KeyFolders.prefixOf(KeyFolders.NATIVE));
        HeadObjectResponse object =
                s3.client().headObject(request -> request.bucket(bucket).key(key));
        assertThat(object.contentLength())
                .as("size of the object %s in the bucket", key)
                .isEqualTo(SIZE);
        assertThat(s3.client()
                        .listMultipartUploads(request -> request.bucket(bucket))
                        .uploads())
                .as("no unfinished multipart upload left")
                .isEmpty();

        assertThat(child.isAlive())
                .as(() -> "the child JVM died\n" + child.logTail())
                .isTrue();
        assertThat(child.status("/actuator/health"))
                .as(() -> "health after the upload\n" + child.logTail())
                .isEqualTo(200);
        assertThat(child.status("/actuator/health/readiness"))
                .as(() -> "readiness after the upload\n" + child.logTail())
                .isEqualTo(200);
        assertThat(child.logText().contains("OutOfMemoryError"))
                .as(() -> "the child ran out of memory\n" + child.logTail())
                .isFalse();

        s3.client().deleteObject(request -> request.bucket(bucket).key(key)); // 300 MB less in the temp folder
    }
}
