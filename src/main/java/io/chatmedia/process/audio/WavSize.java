package io.chatmedia.process.audio;

/**
 * A WAV file's {@code data} chunk size against the bytes the file really holds. FFmpeg trusts neither when they
 * disagree (it estimates the duration from the bitrate), so the claim is read here: a header declaring more data than
 * the file holds is a cut or forged file. Sizes that writers use for "unknown length" when they cannot seek back
 * (0, 0xFFFFFFFF, and 0x7FFFF000 and above as some tools write) are not claims.
 */
final class WavSize {

    private WavSize() {}

    /** Declared data bytes beyond the end of a file of {@code fileSize} bytes starting with {@code prefix}; 0 if none. */
    static long missing(byte[] prefix, long fileSize) {
        if (prefix.length < 12 || !tag(prefix, 0, "RIFF") || !tag(prefix, 8, "WAVE")) {
            return 0;
        }
        int at = 12;
        while (at + 8 <= prefix.length) {
            long size = u32(prefix, at + 4);
            if (tag(prefix, at, "data")) {
                boolean placeholder = size == 0 || size == 0xFFFFFFFFL || (size >= 0x7FFFF000L && size <= 0x7FFFFFFFL);
                return placeholder ? 0 : Math.max(0, size - (fileSize - at - 8));
            }
            at += 8 + size + (size & 1);
        }
        return 0;
    }

    private static boolean tag(byte[] bytes, int at, String tag) {
        for (int i = 0; i < 4; i++) {
            if (bytes[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long u32(byte[] bytes, int at) {
        return (bytes[at] & 0xFFL)
                | (bytes[at + 1] & 0xFFL) << 8
                | (bytes[at + 2] & 0xFFL) << 16
                | (bytes[at + 3] & 0xFFL) << 24;
    }
}
