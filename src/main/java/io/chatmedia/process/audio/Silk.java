package io.chatmedia.process.audio;

import io.chatmedia.system.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * WeChat's and QQ's SILK v3 voice files ({@code #!SILK_V3}, sometimes behind a 0x02 byte). No SILK decoder ships
 * with FFmpeg or on Maven Central in pure Java, so they are recognised and refused (415), never handed to FFmpeg to
 * be guessed as something else.
 */
final class Silk {

    private static final byte[] MAGIC = "#!SILK_V3".getBytes(StandardCharsets.US_ASCII);

    private Silk() {}

    /** Whether {@code prefix} starts a SILK v3 file. */
    static boolean is(byte[] prefix) {
        return startsAt(prefix, 0) || (prefix.length > 0 && prefix[0] == 0x02 && startsAt(prefix, 1));
    }

    static ApiException refusal(String action) {
        return ApiException.unsupportedMediaType(
                action + ": SILK v3 (WeChat/QQ voice) cannot be decoded here; record AAC, MP3 or WAV instead");
    }

    private static boolean startsAt(byte[] prefix, int at) {
        return prefix.length >= at + MAGIC.length
                && Arrays.equals(prefix, at, at + MAGIC.length, MAGIC, 0, MAGIC.length);
    }
}
