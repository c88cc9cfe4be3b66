package io.chatmedia.serving;

import io.chatmedia.storage.s3.PresignedUrls;
import io.chatmedia.storage.s3.S3Properties;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * {@code serve-mode: redirect}: reads of objects in the object store answer 302 to a short-lived presigned URL
 * instead of streaming the bytes through ChatMedia. The redirect may be cached for as long as the URL stays valid.
 */
@Component
class ObjectStoreRedirect {

    private final PresignedUrls urls;

    ObjectStoreRedirect(S3Properties properties, ObjectProvider<PresignedUrls> urls) {
        this.urls = properties.enabled() && properties.serveMode() == S3Properties.ServeMode.REDIRECT
                ? urls.getIfAvailable() : null;
    }

    boolean applies(ServedObject object) {
        return urls != null && "s3".equals(object.store().name());
    }

    void redirect(ServedObject object, HttpServletResponse response) {
        PresignedUrls.Signed signed = urls.urlFor(object.key());
        long seconds = Math.max(0, Duration.between(Instant.now(), signed.expiresAt()).toSeconds() - 60);
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader(HttpHeaders.LOCATION, signed.url().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=" + seconds);
    }
}
