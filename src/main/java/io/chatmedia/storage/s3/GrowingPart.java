package io.chatmedia.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A part buffer that is sent while it is still being filled: the receiving thread copies a request's bytes into it
 * ({@link #fillFrom}) and every {@link #reader} hands them on as they come, blocking until there are more, so the part
 * goes up to the store while its bytes still arrive instead of after the last one. The buffer keeps every byte, so a
 * reader started again (the SDK's retry) reads from the start. When the filling fails or the source ends before the
 * part is full, every reader fails: the store never takes a short or broken part.
 */
final class GrowingPart {

    private static final int STEP = 256 * 1024;

    private final byte[] buffer;
    private final int length;
    private int filled; // guarded by this
    private String failure; // guarded by this

    /**
     * @param start  bytes already in {@code buffer} (a tail put in front of the request's bytes)
     * @param length the part's length, at most the buffer's
     */
    GrowingPart(byte[] buffer, int start, int length) {
        if (start > length || length > buffer.length) {
            throw new IllegalArgumentException("a part of " + length + " bytes cannot start with " + start);
        }
        this.buffer = buffer;
        this.filled = start;
        this.length = length;
    }

    int length() {
        return length;
    }

    /**
     * Reads from {@code source} until the part is full or the source ends.
     *
     * @return the bytes in the buffer now: the part's length, or fewer when the source ended first (then every reader
     *     fails, and the caller has the bytes that came)
     * @throws IOException what the source threw (every reader fails too)
     */
    int fillFrom(InputStream source) throws IOException {
        int at = filledNow();
        try {
            while (at < length) {
                int n = source.read(buffer, at, Math.min(STEP, length - at));
                if (n < 0) {
                    fail("the request ended before the part was complete");
                    return at;
                }
                at += n;
                publish(at);
            }
            return at;
        } catch (IOException | RuntimeException e) {
            fail("receiving the part failed: " + e);
            throw e;
        }
    }

    /** Makes every reader fail (the part is not sent). */
    synchronized void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
        notifyAll();
    }

    /** The part's bytes from the first, as they come. */
    InputStream reader() {
        return new Reader();
    }

    private synchronized int filledNow() {
        return filled;
    }

    private synchronized void publish(int at) {
        filled = at;
        notifyAll();
    }

    /** Waits until bytes past {@code position} are there; @return how many there are then */
    private synchronized int await(int position) throws IOException {
        while (failure == null && filled <= position && position < length) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the part's bytes");
            }
        }
        if (failure != null) {
            throw new IOException(failure);
        }
        return filled;
    }

    private final class Reader extends InputStream {

        private int position;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            int available = await(position);
            int n = Math.min(count, Math.min(available, length) - position);
            System.arraycopy(buffer, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
