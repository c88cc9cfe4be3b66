package io.chatmedia.storage.s3;

import io.chatmedia.storage.ExpiringUrl;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Short-lived GET URLs for redirect mode. A URL is reused while at least half its validity remains, so the same
 * object redirects to the same URL for a while and clients and CDNs can cache it. At most {@code MAX_ENTRIES}
 * are kept (least recently used dropped).
 */
final class PresignedUrls {

    private static final int MAX_ENTRIES = 10_000;

    private final S3Presigner presigner;
    private final String bucket;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, ExpiringUrl> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExpiringUrl> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    PresignedUrls(S3Presigner presigner, String bucket, Duration ttl, Clock clock) {
        this.presigner = presigner;
        this.bucket = bucket;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A URL valid for at least half the configured time from now. */
    synchronized ExpiringUrl urlFor(String key) {
        Instant now = clock.instant();
        ExpiringUrl cached = cache.get(key);
        if (cached != null && cached.expiresAt().isAfter(now.plus(ttl.dividedBy(2)))) {
            return cached;
        }
        URI url = URI.create(presigner
                .presignGetObject(request -> request.signatureDuration(ttl)
                        .getObjectRequest(get -> get.bucket(bucket).key(key)))
                .url()
                .toString());
        ExpiringUrl signed = new ExpiringUrl(url, now.plus(ttl));
        cache.put(key, signed);
        return signed;
    }
}
