package io.chatmedia.resumable;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of an upload so far, updated as its bytes arrive, request after request: the JDK's (SHA-NI where the
 * CPU has it), which lives only in this process. Where it is missing (another node took the upload over, a restart)
 * it is rebuilt from the stored bytes when the store can read them back, or else the finished object is hashed once
 * at completion — so the hash never depends on one node's memory.
 */
final class RunningSha256 {

    private final MessageDigest digest;

    private RunningSha256(MessageDigest digest) {
        this.digest = digest;
    }

    static RunningSha256 start() {
        try {
            return new RunningSha256(MessageDigest.getInstance("SHA-256"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    /** An independent copy: for a request whose bytes may still be refused, or a checkpoint to remember. */
    RunningSha256 copy() {
        try {
            return new RunningSha256((MessageDigest) digest.clone());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    /** The hash of everything so far, as lower-case hex; this instance is left unchanged. */
    String hex() {
        return HexFormat.of().formatHex(copy().digest.digest());
    }
}
