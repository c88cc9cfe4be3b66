package io.chatmedia.resumable;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * One request's bytes on their way into the store: counted against what the upload may still take, added to the
 * upload's running SHA-256 and to the request's checksum as they are read, and the claim on the upload kept alive
 * while they come (a request that lost its claim stops before storing another byte).
 */
final class ChunkInput extends FilterInputStream {

    /** More bytes came than the upload may take. */
    static final class TooMany extends IOException {
        TooMany(String message) {
            super(message);
        }
    }

    /** Takes the bytes into the upload's SHA-256. */
    @FunctionalInterface
    interface Hasher {
        /** For an upload whose hash is taken at completion instead. */
        Hasher NONE = (bytes, offset, length) -> {};

        void update(byte[] bytes, int offset, int length);
    }

    /** Keeps the claim alive; throws when it was lost. */
    @FunctionalInterface
    interface Keeper {
        void keep() throws IOException;
    }

    private static final long KEEP_EVERY_NANOS = 2_000_000_000L;

    private final long allowed;
    private final String tooManyReason;
    private final Hasher sha256;
    private final MessageDigest checksum;
    private final Keeper keeper;
    private long count;
    private long lastKept = System.nanoTime();

    ChunkInput(
            InputStream in, long allowed, String tooManyReason, Hasher sha256, MessageDigest checksum, Keeper keeper) {
        super(in);
        this.allowed = allowed;
        this.tooManyReason = tooManyReason;
        this.sha256 = sha256;
        this.checksum = checksum;
        this.keeper = keeper;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (System.nanoTime() - lastKept > KEEP_EVERY_NANOS) {
            keeper.keep();
            lastKept = System.nanoTime();
        }
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            count += n;
            if (count > allowed) {
                throw new TooMany(tooManyReason);
            }
            sha256.update(buffer, offset, n);
            if (checksum != null) {
                checksum.update(buffer, offset, n);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }
}
