package io.chatmedia.testsupport;

import java.io.InputStream;

/** {@code size} deterministic pseudo-random bytes (xorshift64*), generated as they are read. */
public final class PseudoRandomInputStream extends InputStream {

    private long remaining;
    private long state;
    private long word;
    private int left;

    public PseudoRandomInputStream(long size, long seed) {
        this.remaining = size;
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int n = (int) Math.min(length, remaining);
        int i = offset;
        int end = offset + n;
        while (i < end && left > 0) {
            buffer[i++] = (byte) word;
            word >>>= 8;
            left--;
        }
        while (end - i >= 8) {
            long w = next();
            for (int k = 0; k < 8; k++) {
                buffer[i++] = (byte) w;
                w >>>= 8;
            }
        }
        if (i < end) {
            word = next();
            left = 8;
            while (i < end) {
                buffer[i++] = (byte) word;
                word >>>= 8;
                left--;
            }
        }
        remaining -= n;
        return n;
    }

    private long next() {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        return state * 0x2545F4914F6CDD1DL;
    }
}
