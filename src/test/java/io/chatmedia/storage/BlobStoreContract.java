package io.chatmedia.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link BlobStore} must do, run unchanged against each implementation: subclass it and supply a
 * fresh, empty store.
 */
public abstract class BlobStoreContract {

    protected BlobStore store;
    private String base;

    /** A store that holds nothing under the prefixes this suite uses. */
    protected abstract BlobStore newStore() throws Exception;

    @BeforeEach
    void setUpStore() throws Exception {
        store = newStore();
        base = "contract-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    protected String key(String name) {
        return base + name;
    }

    @Test
    void storesAStreamOfUnknownLengthAndReadsItBack() throws Exception {
        byte[] bytes = random(3 * 1024 * 1024 + 17);
        BlobInfo info = store.put(key("a/b/blob.bin"), new ChunkyStream(bytes));
        assertThat(info.size()).isEqualTo(bytes.length);
        assertThat(info.key()).isEqualTo(key("a/b/blob.bin"));
        try (InputStream in = store.open(key("a/b/blob.bin"), ByteRange.ALL)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(store.stat(key("a/b/blob.bin"))).hasValueSatisfying(stat -> {
            assertThat(stat.size()).isEqualTo(bytes.length);
            assertThat(stat.lastModified()).isNotNull();
        });
    }

    @Test
    void storesARecomputableResultUnderTheDerivedFolderOnly() throws Exception {
        byte[] bytes = random(70_000);
        String derived = "derived/" + key("cover.jpg");
        BlobInfo info = store.putRecomputable(derived, bytes);
        assertThat(info.size()).isEqualTo(bytes.length);
        try (InputStream in = store.open(derived, ByteRange.ALL)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(store.stat(derived))
                .hasValueSatisfying(stat -> assertThat(stat.size()).isEqualTo(bytes.length));
        assertThatThrownBy(() -> store.putRecomputable(key("original.jpg"), bytes))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.stat(key("original.jpg"))).isEmpty();
        store.delete(derived);
    }

    @Test
    void readsExactlyTheRangeAskedFor() throws Exception {
        byte[] bytes = random(100_000);
        store.put(key("range.bin"), new ByteArrayInputStream(bytes));
        assertThat(read(new ByteRange(0, 1))).isEqualTo(Arrays.copyOfRange(bytes, 0, 1));
        assertThat(read(ByteRange.closed(1000, 1999))).isEqualTo(Arrays.copyOfRange(bytes, 1000, 2000));
        assertThat(read(ByteRange.closed(99_999, 99_999))).isEqualTo(Arrays.copyOfRange(bytes, 99_999, 100_000));
        assertThat(read(new ByteRange(99_000, 5_000)))
                .as("a range past the end stops at the end")
                .isEqualTo(Arrays.copyOfRange(bytes, 99_000, 100_000));
        assertThat(read(new ByteRange(50_000, Long.MAX_VALUE - 50_000)))
                .isEqualTo(Arrays.copyOfRange(bytes, 50_000, 100_000));
    }

    @Test
    void aFailedPutLeavesNothingVisible() throws Exception {
        InputStream failing = new FailingStream(random(2 * 1024 * 1024), 1024 * 1024);
        assertThatThrownBy(() -> store.put(key("broken.bin"), failing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("source failed");
        assertThat(store.stat(key("broken.bin"))).isEmpty();
        try (Stream<BlobInfo> listed = store.list(base)) {
            assertThat(listed).isEmpty();
        }
        assertThatThrownBy(() -> store.open(key("broken.bin"), ByteRange.ALL))
                .isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void aFailedPutKeepsThePreviousObjectUnderTheKey() throws Exception {
        byte[] original = random(5000);
        store.put(key("keep.bin"), new ByteArrayInputStream(original));
        assertThatThrownBy(() -> store.put(key("keep.bin"), new FailingStream(random(10_000), 4000)))
                .isInstanceOf(IOException.class);
        assertThat(read(key("keep.bin"), ByteRange.ALL)).isEqualTo(original);
    }

    @Test
    void aPutReplacesTheObjectUnderTheKey() throws Exception {
        store.put(key("replace.bin"), new ByteArrayInputStream(random(10)));
        byte[] second = random(20);
        store.put(key("replace.bin"), new ByteArrayInputStream(second));
        assertThat(read(key("replace.bin"), ByteRange.ALL)).isEqualTo(second);
    }

    @Test
    void storesAnEmptyObject() throws Exception {
        assertThat(store.put(key("empty"), new ByteArrayInputStream(new byte[0]))
                        .size())
                .isZero();
        assertThat(store.stat(key("empty")))
                .hasValueSatisfying(info -> assertThat(info.size()).isZero());
    }

    @Test
    void deletesAndSaysWhetherSomethingWasThere() throws Exception {
        store.put(key("gone.bin"), new ByteArrayInputStream(random(10)));
        assertThat(store.delete(key("gone.bin"))).isTrue();
        assertThat(store.stat(key("gone.bin"))).isEmpty();
        assertThat(store.delete(key("gone.bin"))).isFalse();
        assertThatThrownBy(() -> store.open(key("gone.bin"), ByteRange.ALL)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void listsByPlainStringPrefix() throws Exception {
        for (String name : List.of("p/one.bin", "p/two.bin", "p/sub/three.bin", "pq/four.bin", "other/five.bin")) {
            store.put(key(name), new ByteArrayInputStream(random(3)));
        }
        assertThat(listed(base + "p/"))
                .containsExactlyInAnyOrder(key("p/one.bin"), key("p/two.bin"), key("p/sub/three.bin"));
        assertThat(listed(base + "p")).hasSize(4);
        assertThat(listed(base + "p/t")).containsExactly(key("p/two.bin"));
        assertThat(listed(base + "nothing/")).isEmpty();
        try (Stream<BlobInfo> all = store.list(base)) {
            assertThat(all).allSatisfy(info -> assertThat(info.size()).isEqualTo(3));
        }
    }

    @Test
    void keepsUnicodeKeys() throws Exception {
        byte[] bytes = random(42);
        store.put(key("图片/照片 1.png"), new ByteArrayInputStream(bytes));
        assertThat(read(key("图片/照片 1.png"), ByteRange.ALL)).isEqualTo(bytes);
        assertThat(listed(base + "图片/")).containsExactly(key("图片/照片 1.png"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/abs",
                "a//b",
                "a/../b",
                "..",
                "../x",
                "a/./b",
                "a\\b",
                "a/.cm-upload-x",
                "tab\there",
                "trailing/"
            })
    void refusesKeysThatCouldEscapeOrAreNotObjects(String bad) {
        assertThatThrownBy(() -> store.put(bad, new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(InvalidBlobKeyException.class);
        assertThatThrownBy(() -> store.open(bad, ByteRange.ALL)).isInstanceOf(InvalidBlobKeyException.class);
        assertThatThrownBy(() -> store.stat(bad)).isInstanceOf(InvalidBlobKeyException.class);
        assertThatThrownBy(() -> store.delete(bad)).isInstanceOf(InvalidBlobKeyException.class);
        assertThatThrownBy(() -> store.publicUrl(bad)).isInstanceOf(InvalidBlobKeyException.class);
        assertThatThrownBy(() -> store.redirectUrl(bad)).isInstanceOf(InvalidBlobKeyException.class);
    }

    @Test
    void aPublicUrlNamesItsKeyAgain() {
        String key = key("图片/照片 1+2%.png");
        Optional<URI> url = store.publicUrl(key);
        url.ifPresent(address -> {
            assertThat(address.toString()).doesNotContain(" ", "图片");
            assertThat(store.keyOfPublicUrl(address.toString())).hasValue(key);
        });
        assertThat(store.keyOfPublicUrl("/public/uploads/" + key)).isEmpty();
    }

    @Test
    void aRedirectUrlServesTheObjectWhileItIsValid() throws Exception {
        byte[] bytes = random(1000);
        store.put(key("redirect.bin"), new ByteArrayInputStream(bytes));
        Optional<ExpiringUrl> url = store.redirectUrl(key("redirect.bin"));
        if (url.isPresent()) {
            assertThat(url.get().expiresAt()).isAfter(Instant.now());
            HttpResponse<byte[]> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(url.get().url()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(bytes);
        }
    }

    @Test
    void refusesAnOverlongKey() {
        assertThatThrownBy(() -> store.put("k".repeat(1025), new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(InvalidBlobKeyException.class);
    }

    private byte[] read(ByteRange range) throws IOException {
        return read(key("range.bin"), range);
    }

    private byte[] read(String key, ByteRange range) throws IOException {
        try (InputStream in = store.open(key, range)) {
            return in.readAllBytes();
        }
    }

    private List<String> listed(String prefix) throws IOException {
        try (Stream<BlobInfo> listed = store.list(prefix)) {
            return listed.map(BlobInfo::key).toList();
        }
    }

    protected static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Yields its bytes in uneven small reads, as a network stream does, with no known length. */
    protected static class ChunkyStream extends InputStream {
        private final byte[] bytes;
        private int position;

        public ChunkyStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 7919), bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return 0;
        }
    }

    /** Fails like a dropped client after {@code failAt} bytes. */
    protected static class FailingStream extends ChunkyStream {
        private final int failAt;
        private int served;

        public FailingStream(byte[] bytes, int failAt) {
            super(bytes);
            this.failAt = failAt;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (served >= failAt) {
                throw new IOException("source failed");
            }
            int n = super.read(buffer, offset, Math.min(length, failAt - served));
            served += Math.max(n, 0);
            return n;
        }
    }
}
