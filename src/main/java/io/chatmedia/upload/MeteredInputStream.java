package io.chatmedia.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;

/**
 * Counts and hashes (SHA-256, {@link PipelinedSha256}) the bytes read through it, and fails with {@link UploadTooLargeException} the
 * moment more than {@code limit} bytes have come, so an oversized upload is cut without reading the rest.
 */
final class MeteredInputStream extends FilterInputStream {

    private final long limit;
    private final PipelinedSha256 sha256;
    private final byte[] one = new byte[1];
    private long count;

    /** @param hashers the helper threads that hash large uploads beside the reading thread */
    MeteredInputStream(InputStream in, long limit, Executor hashers) {
        super(in);
        this.limit = limit;
        this.sha256 = new PipelinedSha256(hashers);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            account(1);
            one[0] = (byte) b;
            sha256.update(one, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            account(n);
            sha256.update(buffer, offset, n);
        }
        return n;
    }

    /** Skipping would leave bytes out of the hash: read through instead. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void account(int n) throws UploadTooLargeException {
        count += n;
        if (count > limit) {
            throw new UploadTooLargeException(limit);
        }
    }

    long count() {
        return count;
    }

    /** The SHA-256 of everything read so far, as lower-case hex. */
    String sha256Hex() {
        return sha256.hex();
    }
}
