package io.chatmedia.resumable;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The SHA-256 of an upload so far, updated as its bytes arrive, request after request. Two kinds: the JDK's (fast,
 * SHA-NI; lives only in this process, so it is rebuilt from the stored bytes when missing) and BouncyCastle's, whose
 * state is saved with every checkpoint and restored on any node (for stores that cannot read their pieces back).
 */
abstract sealed class RunningSha256 permits RunningSha256.Jdk, RunningSha256.Saved {

    abstract void update(byte[] bytes, int offset, int length);

    /** An independent copy, for a request whose bytes may still be refused. */
    abstract RunningSha256 copy();

    /** The hash of everything so far, as lower-case hex; this instance is left unchanged. */
    abstract String hex();

    /** The state to save, Base64; null for a digest that is never saved. */
    abstract String savedState();

    static RunningSha256 jdk() {
        try {
            return new Jdk(MessageDigest.getInstance("SHA-256"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static RunningSha256 saved() {
        return new Saved(new SHA256Digest());
    }

    /** @throws IllegalArgumentException when {@code state} is not a saved SHA-256 state */
    static RunningSha256 restore(String state) {
        return new Saved(new SHA256Digest(Base64.getDecoder().decode(state)));
    }

    static final class Jdk extends RunningSha256 {

        private final MessageDigest digest;

        private Jdk(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        RunningSha256 copy() {
            try {
                return new Jdk((MessageDigest) digest.clone());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
            }
        }

        @Override
        String hex() {
            return HexFormat.of().formatHex(((Jdk) copy()).digest.digest());
        }

        @Override
        String savedState() {
            return null;
        }
    }

    static final class Saved extends RunningSha256 {

        private final SHA256Digest digest;

        private Saved(SHA256Digest digest) {
            this.digest = digest;
        }

        @Override
        void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        RunningSha256 copy() {
            return new Saved(new SHA256Digest(digest));
        }

        @Override
        String hex() {
            byte[] out = new byte[32];
            new SHA256Digest(digest).doFinal(out, 0);
            return HexFormat.of().formatHex(out);
        }

        @Override
        String savedState() {
            return Base64.getEncoder().encodeToString(digest.getEncodedState());
        }
    }
}
