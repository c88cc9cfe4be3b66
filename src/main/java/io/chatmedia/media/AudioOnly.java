package io.chatmedia.media;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Tells audio-only files from videos in containers that hold both (MP4/3GP, Matroska/WebM, Ogg), from the first bytes:
 * browsers' and phones' voice recorders write these containers with one audio track. Empty when the prefix does not
 * say (an MP4 whose {@code moov} box is at the end, a WebM whose tracks start later).
 */
final class AudioOnly {

    private static final byte[] HDLR = "hdlr".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MOOV = "moov".getBytes(StandardCharsets.US_ASCII);

    private AudioOnly() {}

    /** MP4/3GP: whether the {@code moov} in the prefix has sound handlers and no video handler. */
    static Optional<Boolean> isoMedia(byte[] prefix) {
        if (indexOf(prefix, MOOV, 0) < 0) {
            return Optional.empty();
        }
        Set<String> handlers = new HashSet<>();
        for (int at = indexOf(prefix, HDLR, 0); at >= 0; at = indexOf(prefix, HDLR, at + 4)) {
            if (at + 16 <= prefix.length) {
                handlers.add(new String(prefix, at + 12, 4, StandardCharsets.ISO_8859_1));
            }
        }
        if (handlers.contains("vide")) {
            return Optional.of(false);
        }
        return handlers.contains("soun") ? Optional.of(true) : Optional.empty();
    }

    /** Ogg: the first page's codec says (Opus, Vorbis, Speex, FLAC: audio; Theora: video). */
    static Optional<Boolean> ogg(byte[] prefix) {
        if (prefix.length < 36 || prefix[0] != 'O' || prefix[1] != 'g' || prefix[2] != 'g' || prefix[3] != 'S') {
            return Optional.empty();
        }
        int segments = prefix[26] & 0xFF;
        int body = 27 + segments;
        if (body + 8 > prefix.length) {
            return Optional.empty();
        }
        String head = new String(prefix, body, 8, StandardCharsets.ISO_8859_1);
        if (head.startsWith("OpusHead")
                || head.startsWith("\u0001vorbis")
                || head.startsWith("Speex")
                || head.startsWith("\u007fFLAC")) {
            return Optional.of(true);
        }
        return head.startsWith("\u0080theora") ? Optional.of(false) : Optional.empty();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
