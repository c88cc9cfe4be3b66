package io.chatmedia.storage.s3;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Content-MD5 of a part, so the store refuses bytes damaged on the way — where nothing else does: over plain HTTP the
 * SDK signs each request's payload (its SHA-256 is part of the signature, which the store checks), so an MD5 as well
 * would only cost both sides another pass over every byte (about 1.5 s of CPU a GiB on each side).
 */
final class Md5 {

    private final boolean payloadSigned;

    private Md5(boolean payloadSigned) {
        this.payloadSigned = payloadSigned;
    }

    /** For requests of {@code client}: none when its endpoint is plain HTTP (signed payloads). */
    static Md5 forClient(S3Client client) {
        boolean plainHttp = client.serviceClientConfiguration()
                .endpointOverride()
                .map(URI::getScheme)
                .filter("http"::equalsIgnoreCase)
                .isPresent();
        return new Md5(plainHttp);
    }

    /** The header's value, or null (no header) when the payload is signed. */
    String of(byte[] buffer, int length) {
        return payloadSigned ? null : base64(buffer, length);
    }

    static String base64(byte[] buffer, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(buffer, 0, length);
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
