package io.chatmedia.media;

import io.chatmedia.system.ChatMediaProperties;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * The URL each media item is served at: {@code /public/uploads/{key}} on this server, made absolute on
 * {@code chatmedia.public-base-url} when that is set.
 */
@Component
public class MediaUrls {

    public static final String PUBLIC_PREFIX = "/public/uploads/";

    private final String base;

    MediaUrls(ChatMediaProperties properties) {
        String configured = properties.publicBaseUrl();
        this.base = configured == null || configured.isBlank() ? "" : configured.replaceAll("/+$", "");
    }

    public String urlOf(Media media) {
        return base + pathOf(media.storageKey());
    }

    /** The server-relative path of a stored key, each segment percent-encoded as needed. */
    public static String pathOf(String storageKey) {
        return PUBLIC_PREFIX + UriUtils.encodePath(storageKey, StandardCharsets.UTF_8);
    }
}
