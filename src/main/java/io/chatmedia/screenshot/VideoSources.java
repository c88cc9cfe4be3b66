package io.chatmedia.screenshot;

import io.chatmedia.media.ContentSniffer;
import io.chatmedia.media.Media;
import io.chatmedia.media.MediaKind;
import io.chatmedia.media.MediaRepository;
import io.chatmedia.media.MediaUrls;
import io.chatmedia.security.fetch.FetchedFile;
import io.chatmedia.security.fetch.SafeFetcher;
import io.chatmedia.storage.BlobKeys;
import io.chatmedia.storage.BlobRef;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.storage.KeyFolders;
import io.chatmedia.system.ApiException;
import io.chatmedia.system.ChatMediaProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns a video URL into bytes FFmpeg may read: one of ChatMedia's own objects (a {@code /public/uploads/...} URL
 * on this server or its public base, the primary store's public URL, or a bare key such as
 * {@code images/20250417/....mp4}), read from its store; anything else only through the {@link SafeFetcher}
 * (operator allow-list, public addresses only, size and time limits), into a temporary file removed afterwards.
 */
@Component
class VideoSources {

    private static final String DERIVED_PREFIX = KeyFolders.prefixOf(KeyFolders.DERIVED);

    private final BlobStores stores;
    private final MediaRepository repository;
    private final SafeFetcher fetcher;
    private final ContentSniffer sniffer;
    private final String publicBase;

    VideoSources(
            BlobStores stores,
            MediaRepository repository,
            SafeFetcher fetcher,
            ContentSniffer sniffer,
            ChatMediaProperties properties) {
        this.stores = stores;
        this.repository = repository;
        this.fetcher = fetcher;
        this.sniffer = sniffer;
        this.publicBase = trimSlash(properties.publicBaseUrl());
    }

    /** Where the bytes are; closing it removes a fetched copy. */
    record Source(BlobRef blob, FetchedFile fetched) implements AutoCloseable {
        @Override
        public void close() {
            if (fetched != null) {
                fetched.close();
            }
        }
    }

    /**
     * @throws ApiException 400 for an invalid path or a file that is not a video, 404 for an own path that holds
     *                      nothing, and whatever the fetcher answers for a foreign URL
     */
    Source resolve(String videoUrl) throws IOException {
        Optional<String> own = ownKey(videoUrl);
        if (own.isPresent()) {
            return new Source(stored(own.get()), null);
        }
        FetchedFile fetched = fetcher.fetch(videoUrl);
        try {
            return new Source(BlobStores.ofFile(fetched.path()), fetched);
        } catch (IOException | RuntimeException e) {
            fetched.close();
            throw e;
        }
    }

    private BlobRef stored(String key) throws IOException {
        if (key.startsWith(DERIVED_PREFIX)) {
            throw ApiException.badRequest("the file is not a video");
        }
        Optional<Media> media = repository.findByKey(key);
        if (media.isPresent()) {
            if (media.get().kind() != MediaKind.VIDEO) {
                throw ApiException.badRequest("the file is not a video");
            }
            BlobStore store = stores.byName(media.get().store())
                    .orElseThrow(() -> ApiException.notFound("the video's store is not configured on this server"));
            return new BlobRef(store, key, media.get().size());
        }
        BlobStores.Found found =
                stores.unrecorded(key).orElseThrow(() -> ApiException.notFound("no such video: " + key));
        try (InputStream head = found.store().open(key, new ByteRange(0, ContentSniffer.PREFIX_BYTES))) {
            if (MediaKind.of(sniffer.detect(head.readAllBytes())) != MediaKind.VIDEO) {
                throw ApiException.badRequest("the file is not a video");
            }
        }
        return new BlobRef(found.store(), key, found.info().size());
    }

    private Optional<String> ownKey(String url) {
        String withoutQuery = url.split("[?#]", 2)[0];
        if (withoutQuery.startsWith(MediaUrls.PUBLIC_PREFIX)) {
            return key(withoutQuery.substring(MediaUrls.PUBLIC_PREFIX.length()));
        }
        if (withoutQuery.startsWith(MediaUrls.PUBLIC_PREFIX.substring(1))) {
            return key(withoutQuery.substring(MediaUrls.PUBLIC_PREFIX.length() - 1));
        }
        Optional<String> published = stores.primary().keyOfPublicUrl(withoutQuery);
        if (published.isPresent()) {
            return checked(published.get());
        }
        if (publicBase != null && withoutQuery.startsWith(publicBase + MediaUrls.PUBLIC_PREFIX)) {
            return key(withoutQuery.substring((publicBase + MediaUrls.PUBLIC_PREFIX).length()));
        }
        String lower = withoutQuery.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                URI uri = new URI(withoutQuery);
                String path = uri.getRawPath();
                if (path != null && path.startsWith(MediaUrls.PUBLIC_PREFIX)) {
                    // Our own public URL under whatever name the client knows us by (localhost, a proxy, a CDN):
                    // read from the store when we hold that key, never fetched over the network.
                    Optional<String> key = key(path.substring(MediaUrls.PUBLIC_PREFIX.length()));
                    if (holds(key.get())) {
                        return key;
                    }
                }
            } catch (URISyntaxException e) {
                return Optional.empty(); // the fetcher answers what is wrong with it
            }
            return Optional.empty();
        }
        if (!withoutQuery.contains(":") && BlobKeys.isValid(withoutQuery)) {
            return Optional.of(withoutQuery); // a bare key, e.g. images/20250417/1744866732481_20f90b51544f.mp4
        }
        return Optional.empty();
    }

    private boolean holds(String key) {
        try {
            return repository.findByKey(key).isPresent()
                    || stores.unrecorded(key).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> key(String encoded) {
        String key;
        try {
            key = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) { // a malformed % escape
            throw ApiException.badRequest("invalid video path: malformed percent-encoding");
        }
        return checked(key);
    }

    private static Optional<String> checked(String key) {
        if (!BlobKeys.isValid(key)) {
            throw ApiException.badRequest("invalid video path");
        }
        return Optional.of(key);
    }

    private static String trimSlash(String base) {
        return base == null || base.isBlank() ? null : base.trim().replaceAll("/+$", "");
    }
}
