package io.chatmedia.process.video;

import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.ByteRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A stored object as a seekable stream, for FFmpeg's I/O callbacks: {@link #reset()} goes back to the start and
 * {@link #skip(long)} moves forward, both without reading anything; bytes are fetched from the store only when read,
 * in windows of a bounded size from the current position. So a demuxer that reads the index and then one GOP
 * fetches just those bytes, from local disk or S3 alike. Counts the bytes actually fetched.
 */
public final class RangedBlobInputStream extends InputStream {

    private static final long WINDOW = 1024 * 1024;

    /** Opens a range of the object: what the stream reads through. */
    @FunctionalInterface
    public interface Ranges {
        /** @throws IOException when the range cannot be read (the store's own failure) */
        InputStream open(ByteRange range) throws IOException;
    }

    private final Ranges ranges;
    private final long size;
    private long position;
    private InputStream window;
    private long windowEnd;
    private long fetched;
    private long readLimit = Long.MAX_VALUE;
    private long readSinceLimit;
    private boolean limitHit;

    public RangedBlobInputStream(BlobStore store, String key, long size) {
        this(range -> store.open(key, range), size);
    }

    /** Over any source of ranges ({@code size} bytes long), such as bytes already in memory. */
    public RangedBlobInputStream(Ranges ranges, long size) {
        this.ranges = ranges;
        this.size = size;
    }

    public long size() {
        return size;
    }

    /** Where the next read starts. */
    public long position() {
        return position;
    }

    /** Bytes read from the store so far. */
    public long fetched() {
        return fetched;
    }

    /**
     * From now on, refuses (with an IOException) any read past {@code bytes} more, until the next call; a decoder that
     * is handed no packet larger than that cannot spend long on one. {@link Long#MAX_VALUE}: no limit.
     */
    public void limitReads(long bytes) {
        readLimit = bytes;
        readSinceLimit = 0;
    }

    /** Whether a read was refused by {@link #limitReads}. */
    public boolean readLimitHit() {
        return limitHit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        if (Thread.currentThread().isInterrupted()) {
            // a job past its deadline: FFmpeg's demuxer sees a read error and returns, wherever it loops
            throw new InterruptedIOException("reading the source was stopped: the job is past its deadline");
        }
        if (readSinceLimit >= readLimit) {
            limitHit = true;
            throw new IOException("read past the limit of " + readLimit + " bytes");
        }
        if (window == null || position >= windowEnd) {
            openWindow(length);
        }
        long allowed = Math.min(windowEnd - position, readLimit - readSinceLimit);
        int n = window.read(buffer, offset, (int) Math.min(length, allowed));
        if (n < 0) {
            closeWindow();
            return -1;
        }
        position += n;
        fetched += n;
        readSinceLimit += n;
        return n;
    }

    private void openWindow(int wanted) throws IOException {
        closeWindow();
        long length = Math.min(Math.max(WINDOW, wanted), size - position);
        window = ranges.open(new ByteRange(position, length));
        windowEnd = position + length;
    }

    /** Moves forward without reading; stops at the end. */
    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long target = n >= size - position ? size : position + n; // no overflow for skip(Long.MAX_VALUE)
        long moved = target - position;
        seek(target);
        return moved;
    }

    /** Always supported: the mark is the start of the object. */
    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        // the mark is always the start
    }

    @Override
    public synchronized void reset() throws IOException {
        seek(0);
    }

    /**
     * Moves to {@code target} (at or past the end: reads answer end of stream) without reading, unless it is a short
     * hop forward inside the window already open.
     *
     * @throws IllegalArgumentException when {@code target} is negative
     */
    public void seek(long target) throws IOException {
        if (target < 0) {
            throw new IllegalArgumentException("negative position " + target);
        }
        if (window != null && target >= position && target < windowEnd && target - position < 64 * 1024) {
            window.skipNBytes(target - position); // a short hop forward inside the window: cheaper than reopening
            fetched += target - position;
        } else if (target != position) {
            closeWindow();
        }
        position = target;
    }

    @Override
    public int available() {
        return 0;
    }

    private void closeWindow() throws IOException {
        if (window != null) {
            InputStream closing = window;
            window = null;
            closing.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeWindow();
    }
}
