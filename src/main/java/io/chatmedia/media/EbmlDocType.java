package io.chatmedia.media;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The DocType of an EBML (Matroska/WebM) header: {@code webm} or {@code matroska}. Reads only the header element
 * at the start of the file.
 */
final class EbmlDocType {

    private static final int EBML_ID = 0x1A45DFA3;
    private static final int DOCTYPE_ID = 0x4282;

    private EbmlDocType() {}

    static Optional<String> of(byte[] bytes) {
        if (bytes.length < 5 || readInt(bytes, 0) != EBML_ID) {
            return Optional.empty();
        }
        long[] size = vint(bytes, 4);
        if (size == null) {
            return Optional.empty();
        }
        int position = 4 + (int) size[1];
        long end = Math.min(bytes.length, position + size[0]);
        while (position + 2 < end) {
            long[] id = id(bytes, position);
            if (id == null) {
                return Optional.empty();
            }
            long[] length = vint(bytes, position + (int) id[1]);
            if (length == null) {
                return Optional.empty();
            }
            int data = position + (int) id[1] + (int) length[1];
            if (data + length[0] > bytes.length || length[0] > 64) {
                return Optional.empty();
            }
            if (id[0] == DOCTYPE_ID) {
                String docType = new String(bytes, data, (int) length[0], StandardCharsets.US_ASCII).trim();
                return Optional.of(docType.replace("\0", ""));
            }
            position = data + (int) length[0];
        }
        return Optional.empty();
    }

    private static final int SEGMENT_ID = 0x18538067;
    private static final int TRACKS_ID = 0x1654AE6B;
    private static final int TRACK_ENTRY_ID = 0xAE;
    private static final int TRACK_TYPE_ID = 0x83;
    private static final long UNKNOWN = -1;

    /**
     * Whether the file's tracks (in the prefix) are all audio: true with audio tracks and no video track, false with a
     * video track; empty when the Tracks element is not (completely) in the prefix.
     */
    static Optional<Boolean> audioOnly(byte[] bytes) {
        if (bytes.length < 5 || readInt(bytes, 0) != EBML_ID) {
            return Optional.empty();
        }
        long[] header = vint(bytes, 4);
        if (header == null) {
            return Optional.empty();
        }
        int at = 4 + (int) header[1] + (int) header[0];
        long[] segment = element(bytes, at);
        if (segment == null || segment[0] != SEGMENT_ID) {
            return Optional.empty();
        }
        at = (int) segment[2];
        while (at < bytes.length) {
            long[] child = element(bytes, at);
            if (child == null || child[3] == UNKNOWN) {
                return Optional.empty();
            }
            if (child[0] == TRACKS_ID) {
                if (child[2] + child[3] > bytes.length) {
                    return Optional.empty();
                }
                return tracks(bytes, (int) child[2], (int) (child[2] + child[3]));
            }
            at = (int) (child[2] + child[3]);
        }
        return Optional.empty();
    }

    private static Optional<Boolean> tracks(byte[] bytes, int from, int to) {
        boolean audio = false;
        int at = from;
        while (at < to) {
            long[] entry = element(bytes, at);
            if (entry == null || entry[3] == UNKNOWN) {
                return Optional.empty();
            }
            if (entry[0] == TRACK_ENTRY_ID) {
                int inner = (int) entry[2];
                while (inner < entry[2] + entry[3]) {
                    long[] field = element(bytes, inner);
                    if (field == null || field[3] == UNKNOWN) {
                        return Optional.empty();
                    }
                    if (field[0] == TRACK_TYPE_ID && field[3] == 1) {
                        int type = bytes[(int) field[2]] & 0xFF;
                        if (type == 1) {
                            return Optional.of(false);
                        }
                        audio |= type == 2;
                    }
                    inner = (int) (field[2] + field[3]);
                }
            }
            at = (int) (entry[2] + entry[3]);
        }
        return audio ? Optional.of(true) : Optional.empty();
    }

    /** {id, header length, data start, data size (UNKNOWN for an unknown size)}; null past the prefix. */
    private static long[] element(byte[] bytes, int at) {
        if (at >= bytes.length) {
            return null;
        }
        long[] id = id(bytes, at);
        if (id == null) {
            return null;
        }
        long[] size = vint(bytes, at + (int) id[1]);
        if (size == null) {
            return null;
        }
        long dataStart = at + id[1] + size[1];
        boolean unknown = size[0] == (1L << (7 * size[1])) - 1;
        if (!unknown && dataStart + size[0] > Integer.MAX_VALUE) {
            return null;
        }
        return new long[] {id[0], id[1] + size[1], dataStart, unknown ? UNKNOWN : size[0]};
    }

    /** An element id: {value with its length marker, byte count}. */
    private static long[] id(byte[] bytes, int at) {
        int first = bytes[at] & 0xFF;
        int length = Integer.numberOfLeadingZeros(first) - 24 + 1;
        if (first == 0 || length > 4 || at + length > bytes.length) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (bytes[at + i] & 0xFF);
        }
        return new long[] {value, length};
    }

    /** A data size: {value without its length marker, byte count}. */
    private static long[] vint(byte[] bytes, int at) {
        if (at >= bytes.length) {
            return null;
        }
        int first = bytes[at] & 0xFF;
        int length = Integer.numberOfLeadingZeros(first) - 24 + 1;
        if (first == 0 || length > 8 || at + length > bytes.length) {
            return null;
        }
        long value = first & (0xFF >> length);
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (bytes[at + i] & 0xFF);
        }
        return new long[] {value, length};
    }

    private static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 24)
                | ((bytes[at + 1] & 0xFF) << 16)
                | ((bytes[at + 2] & 0xFF) << 8)
                | (bytes[at + 3] & 0xFF);
    }
}
