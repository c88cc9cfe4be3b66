package io.chatmedia.process.image;

/**
 * Walks a JPEG's marker segments (no decoding): whether the scan data ends with an EOI marker — libjpeg silently
 * fills a truncated file with grey, so a cut-off upload would otherwise be served as a damaged picture — and the
 * quality its luminance quantisation table implies (the IJG scale inverted, as ImageMagick estimates it).
 */
final class JpegStructure {

    private static final int[] STANDARD_LUMINANCE = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99
    };
    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60,
        61, 54, 47, 55, 62, 63
    };

    private JpegStructure() {}

    /** @throws UnreadableImageException when there is no scan or no end-of-image marker after it */
    static void requireComplete(byte[] data) {
        int scan = segmentOffset(data, 0xDA);
        if (scan < 0) {
            throw new UnreadableImageException("the JPEG is truncated (no image data)");
        }
        for (int i = data.length - 2; i > scan; i--) {
            if ((data[i] & 0xFF) == 0xFF && (data[i + 1] & 0xFF) == 0xD9) {
                return;
            }
        }
        throw new UnreadableImageException("the JPEG is truncated (no end-of-image marker)");
    }

    /** 1–100, or 0 when the file has no luminance table. */
    static int estimateQuality(byte[] data) {
        int at = 2;
        while (at + 4 <= data.length && (data[at] & 0xFF) == 0xFF) {
            int marker = data[at + 1] & 0xFF;
            int length = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
            if (marker == 0xDA || length < 2) {
                return 0;
            }
            if (marker == 0xDB) {
                int table = at + 4;
                int end = Math.min(data.length, at + 2 + length);
                while (table < end) {
                    int precision = (data[table] & 0xF0) >> 4;
                    int id = data[table] & 0x0F;
                    int entries = 64 * (precision == 0 ? 1 : 2);
                    if (id == 0 && table + 1 + entries <= end) {
                        return qualityOf(data, table + 1, precision == 1);
                    }
                    table += 1 + entries;
                }
            }
            at += 2 + length;
        }
        return 0;
    }

    private static int qualityOf(byte[] data, int start, boolean wide) {
        double sum = 0;
        for (int i = 0; i < 64; i++) {
            int value = wide
                    ? ((data[start + 2 * i] & 0xFF) << 8) | (data[start + 2 * i + 1] & 0xFF)
                    : data[start + i] & 0xFF;
            sum += value * 100.0 / STANDARD_LUMINANCE[ZIGZAG[i]];
        }
        double scale = sum / 64;
        double quality = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
        return (int) Math.max(1, Math.min(100, Math.round(quality)));
    }

    private static int segmentOffset(byte[] data, int wanted) {
        int at = 2;
        while (at + 4 <= data.length) {
            if ((data[at] & 0xFF) != 0xFF) {
                return -1;
            }
            int marker = data[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == wanted) {
                return at;
            }
            int length = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
            if (length < 2) {
                return -1;
            }
            at += 2 + length;
        }
        return -1;
    }
}
