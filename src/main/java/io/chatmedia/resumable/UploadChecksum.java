package io.chatmedia.resumable;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Upload-Checksum} header of a PATCH: an algorithm and the Base64 digest of the request's bytes. A chunk
 * whose digest differs is refused (460) and discarded.
 */
record UploadChecksum(String algorithm, byte[] expected) {

    /** tus names to JDK names; the order is the one {@code Tus-Checksum-Algorithm} lists. */
    static final Map<String, String> ALGORITHMS = Map.of("sha1", "SHA-1", "sha256", "SHA-256", "md5", "MD5");

    static final String ADVERTISED = "sha1,sha256,md5";

    /** @return null when there is no header; @throws TusException 400 for an unknown algorithm or bad Base64 */
    static UploadChecksum parse(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.trim().split(" ", -1);
        if (parts.length != 2) {
            throw TusException.badRequest("Upload-Checksum must be '<algorithm> <base64 digest>'");
        }
        String algorithm = parts[0].toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.containsKey(algorithm)) {
            throw TusException.badRequest(
                    "Upload-Checksum: unsupported algorithm '" + parts[0] + "' (supported: " + ADVERTISED + ")");
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw TusException.badRequest("Upload-Checksum: the digest is not Base64");
        }
        return new UploadChecksum(algorithm, expected);
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(ALGORITHMS.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }

    boolean matches(MessageDigest digest) {
        return MessageDigest.isEqual(expected, digest.digest());
    }
}
