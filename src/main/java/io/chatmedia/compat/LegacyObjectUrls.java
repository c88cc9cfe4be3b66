package io.chatmedia.compat;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaUrls;
import io.chatmedia.storage.BlobStores;
import java.net.URI;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The {@code url} of the seed's uploadAliyun answer, always absolute (the seed's client loads it as it is): the
 * object's public URL when its store has one (the bucket's public domain; always {@code https:}, as the seed
 * rewrote {@code http:}), else on {@code chatmedia.public-base-url}, else on the origin the request came to
 * (forwarded headers of a trusted proxy included).
 */
@Component
class LegacyObjectUrls {

    private final MediaUrls urls;
    private final BlobStores stores;

    LegacyObjectUrls(MediaUrls urls, BlobStores stores) {
        this.urls = urls;
        this.stores = stores;
    }

    String urlOf(Media media) {
        Optional<URI> published = stores.byName(media.store()).flatMap(store -> store.publicUrl(media.storageKey()));
        if (published.isPresent()) {
            return https(published.get().toString());
        }
        String url = urls.urlOf(media);
        return url.startsWith("/")
                ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() + url
                : url;
    }

    private static String https(String url) {
        if (url.startsWith("http://")) {
            return "https://" + url.substring("http://".length());
        }
        return url.contains("://") ? url : "https://" + url;
    }
}
