package io.chatmedia.compat;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaUrls;
import io.chatmedia.storage.s3.S3Properties;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The {@code url} of the seed's uploadAliyun answer, always absolute (the seed's client loads it as it is): on the
 * bucket's public domain when one is configured (always {@code https:}, as the seed rewrote {@code http:}), else on
 * {@code chatmedia.public-base-url}, else on the origin the request came to (forwarded headers of a trusted proxy
 * included).
 */
@Component
class LegacyObjectUrls {

    private final MediaUrls urls;
    private final String publicBase;

    LegacyObjectUrls(MediaUrls urls, S3Properties s3) {
        this.urls = urls;
        this.publicBase = s3.enabled() && s3.publicBaseUrl() != null && !s3.publicBaseUrl().isBlank()
                ? https(s3.publicBaseUrl().trim().replaceAll("/+$", ""))
                : null;
    }

    String urlOf(Media media) {
        if (publicBase != null && "s3".equals(media.store())) {
            return publicBase + "/" + UriUtils.encodePath(media.storageKey(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String url = urls.urlOf(media);
        return url.startsWith("/") ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() + url : url;
    }

    private static String https(String base) {
        if (base.startsWith("http://")) {
            return "https://" + base.substring("http://".length());
        }
        return base.contains("://") ? base : "https://" + base;
    }
}
