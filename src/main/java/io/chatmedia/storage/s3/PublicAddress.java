package io.chatmedia.storage.s3;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.web.util.UriUtils;

/**
 * The bucket's public domain or CDN ({@code public-base-url}), as configured (trailing slashes dropped): an
 * object's public URL is the base, a slash and its percent-encoded key.
 */
final class PublicAddress {

    private final String base;

    private PublicAddress(String base) {
        this.base = base;
    }

    /**
     * @return null for a blank base
     * @throws IllegalArgumentException when the base cannot start a URL
     */
    static PublicAddress of(String configured) {
        if (configured == null || configured.isBlank()) {
            return null;
        }
        String base = configured.trim().replaceAll("/+$", "");
        try {
            URI.create(base + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("chatmedia.storage.s3.public-base-url is not a URL: " + configured, e);
        }
        return new PublicAddress(base);
    }

    URI urlOf(String key) {
        return URI.create(base + "/" + UriUtils.encodePath(key, StandardCharsets.UTF_8));
    }

    /** The decoded key after the base; {@code +} stays a plus, as in a path. */
    Optional<String> keyOf(String url) {
        if (!url.startsWith(base + "/")) {
            return Optional.empty();
        }
        String encoded = url.substring(base.length() + 1);
        try {
            return Optional.of(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) { // a malformed % escape: not one of ours
            return Optional.empty();
        }
    }
}
