package io.chatmedia.serving;

import io.chatmedia.storage.ExpiringUrl;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Reads of objects whose store hands reads off (an object store in {@code serve-mode: redirect}) answer 302 to a
 * short-lived URL of the store instead of streaming the bytes through ChatMedia. The redirect may be cached for as
 * long as the URL stays valid.
 */
@Component
class ObjectStoreRedirect {

    boolean applies(ServedObject object) {
        return object.store().redirectUrl(object.key()).isPresent();
    }

    /** Only for an object it {@link #applies} to. */
    void redirect(ServedObject object, HttpServletResponse response) {
        ExpiringUrl signed = object.store().redirectUrl(object.key()).orElseThrow();
        long seconds =
                Math.max(0, Duration.between(Instant.now(), signed.expiresAt()).toSeconds() - 60);
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader(HttpHeaders.LOCATION, signed.url().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=" + seconds);
    }
}
