package io.chatmedia.process.audio;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Moves an MP4's {@code moov} box in front of its {@code mdat} (what {@code -movflags +faststart} does), so a player
 * can start before the whole file has arrived. FFmpeg's own pass reopens the output by name, which a file in memory
 * does not have; this one rewrites the chunk offsets ({@code stco}, {@code co64}) by the size of the box moved.
 */
final class Faststart {

    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl");

    private Faststart() {}

    static byte[] apply(byte[] mp4) {
        long[] moov = find(mp4, "moov");
        long[] mdat = find(mp4, "mdat");
        if (moov == null || mdat == null || moov[0] < mdat[0] || moov[0] + moov[1] != mp4.length) {
            return mp4; // already in front, or a layout this does not rewrite
        }
        int moovStart = (int) moov[0];
        int moovSize = (int) moov[1];
        int mdatStart = (int) mdat[0];
        byte[] out = new byte[mp4.length];
        System.arraycopy(mp4, 0, out, 0, mdatStart);
        System.arraycopy(mp4, moovStart, out, mdatStart, moovSize);
        System.arraycopy(mp4, mdatStart, out, mdatStart + moovSize, moovStart - mdatStart);
        shiftOffsets(ByteBuffer.wrap(out), mdatStart + 8, mdatStart + moovSize, moovSize);
        return out;
    }

    /** {start, size} of the first top-level box of {@code type}; null when there is none. */
    private static long[] find(byte[] mp4, String type) {
        ByteBuffer buffer = ByteBuffer.wrap(mp4);
        long at = 0;
        while (at + 8 <= mp4.length) {
            long size = buffer.getInt((int) at) & 0xFFFFFFFFL;
            if (size == 1 && at + 16 <= mp4.length) {
                size = buffer.getLong((int) at + 8);
            } else if (size == 0) {
                size = mp4.length - at;
            }
            if (size < 8 || at + size > mp4.length) {
                return null;
            }
            if (fourCc(mp4, (int) at + 4).equals(type)) {
                return new long[] {at, size};
            }
            at += size;
        }
        return null;
    }

    private static void shiftOffsets(ByteBuffer mp4, int from, int to, int shift) {
        int at = from;
        while (at + 8 <= to) {
            int size = mp4.getInt(at);
            if (size < 8 || at + size > to) {
                return;
            }
            String type = fourCc(mp4.array(), at + 4);
            if (CONTAINERS.contains(type)) {
                shiftOffsets(mp4, at + 8, at + size, shift);
            } else if (type.equals("stco")) {
                int count = mp4.getInt(at + 12);
                for (int i = 0; i < count && at + 16 + 4 * i + 4 <= at + size; i++) {
                    int p = at + 16 + 4 * i;
                    mp4.putInt(p, (int) ((mp4.getInt(p) & 0xFFFFFFFFL) + shift));
                }
            } else if (type.equals("co64")) {
                int count = mp4.getInt(at + 12);
                for (int i = 0; i < count && at + 16 + 8 * i + 8 <= at + size; i++) {
                    int p = at + 16 + 8 * i;
                    mp4.putLong(p, mp4.getLong(p) + shift);
                }
            }
            at += size;
        }
    }

    private static String fourCc(byte[] bytes, int at) {
        return new String(bytes, at, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
