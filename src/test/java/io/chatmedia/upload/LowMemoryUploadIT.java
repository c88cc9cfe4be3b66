package io.chatmedia.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.JsonFields;
import io.chatmedia.testsupport.PseudoRandomInputStream;
import io.chatmedia.testsupport.StreamedUpload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB upload succeeds with the whole server at {@code -Xmx160m}: the application runs in a child JVM with that
 * heap (and {@code -XX:+ExitOnOutOfMemoryError}, so running out of heap kills it rather than limping on), and a
 * real HTTP client streams a 1 GiB multipart body generated on the fly, never held in memory nor written to disk.
 * The answer's SHA-256 and size must match what the client sent, the stored file must have that size, no
 * temporary upload file may remain, and the child must still be alive and healthy afterwards.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LowMemoryUploadIT {

    private static final long SIZE = 1L << 30;
    private static final String HEAP = "-Xmx160m";

    @TempDir
    static Path work;

    private static ChildServer child;

    @BeforeAll
    static void startChild() throws Exception {
        child = ChildServer.in(work)
                .heap(HEAP)
                .args("--chatmedia.limits.user-max-bytes=2GB")
                .start();
    }

    @AfterAll
    static void stopChild() throws InterruptedException {
        if (child != null) {
            child.stop();
        }
    }

    @Test
    void oneGibMultipartUploadSucceedsWithTheServerAt160MbOfHeap() throws Exception {
        StreamedUpload upload = StreamedUpload.post(
                child.base() + "/v1/media",
                child.userToken("low-memory-user"),
                "cm-low-memory-",
                "low-memory.bin",
                SIZE,
                0x5EED_C0FFEE_1234L);
        String answer = upload.answer();

        System.out.println("LowMemoryUploadIT: child class path from " + child.classPathSource());
        System.out.printf(
                "LowMemoryUploadIT: child ready in %.1f s; 1 GiB multipart upload answered %d in %.1f s"
                        + " (%.0f MB/s); child %s VmHWM %s, VmRSS %s%n",
                child.startupSeconds(),
                upload.status(),
                upload.seconds(),
                SIZE / upload.seconds() / 1e6,
                HEAP,
                child.vmHwm(),
                child.procStatus("VmRSS"));

        upload.assertAnsweredAsSent(SIZE, child::logTail);

        Path uploads = child.dataDir().resolve("public").resolve("uploads");
        Path stored = uploads.resolve(JsonFields.string(answer, "path"));
        assertThat(stored.normalize())
                .as("stored path stays under the uploads folder: %s", stored)
                .startsWithRaw(uploads);
        assertThat(Files.size(stored)).as("size of the stored file %s", stored).isEqualTo(SIZE);
        try (Stream<Path> files = Files.walk(uploads)) {
            List<Path> temps = files.filter(p -> p.getFileName().toString().startsWith(".cm-upload-"))
                    .toList();
            assertThat(temps).as("temporary upload files left behind").isEmpty();
        }

        assertThat(child.isAlive())
                .as(() -> "the child JVM died\n" + child.logTail())
                .isTrue();
        assertThat(child.status("/actuator/health"))
                .as(() -> "health after the upload\n" + child.logTail())
                .isEqualTo(200);
        assertThat(child.logText().contains("OutOfMemoryError"))
                .as(() -> "the child ran out of memory\n" + child.logTail())
                .isFalse();
    }

    @Test
    void pseudoRandomStreamIsDeterministicWhateverTheReadSizes() throws IOException {
        byte[] whole = new PseudoRandomInputStream(1000, 42).readAllBytes();
        assertThat(whole).hasSize(1000);
        InputStream pieces = new PseudoRandomInputStream(1000, 42);
        byte[] again = new byte[1000];
        int at = 0;
        int[] sizes = {1, 3, 7, 8, 9, 15, 64, 5};
        for (int k = 0; at < again.length; k++) {
            int n = pieces.read(again, at, Math.min(sizes[k % sizes.length], again.length - at));
            assertThat(n).as("a read of at least one byte returns some").isPositive();
            at += n;
        }
        assertThat(pieces.read()).isEqualTo(-1);
        assertThat(HexFormat.of().formatHex(again)).isEqualTo(HexFormat.of().formatHex(whole));
    }
}
