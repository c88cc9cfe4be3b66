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
