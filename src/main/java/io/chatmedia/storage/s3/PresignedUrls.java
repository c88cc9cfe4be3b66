package io.chatmedia.storage.s3;

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
public final class PresignedUrls {

    private static final int MAX_ENTRIES = 10_000;

    private final S3Presigner presigner;
    private final String bucket;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Signed> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Signed> eldest) {
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
    public synchronized Signed urlFor(String key) {
        Instant now = clock.instant();
        Signed cached = cache.get(key);
        if (cached != null && cached.expiresAt().isAfter(now.plus(ttl.dividedBy(2)))) {
            return cached;
        }
        URI url = URI.create(presigner.presignGetObject(request -> request.signatureDuration(ttl)
                .getObjectRequest(get -> get.bucket(bucket).key(key))).url().toString());
        Signed signed = new Signed(url, now.plus(ttl));
        cache.put(key, signed);
        return signed;
    }


    /** A presigned URL and when it stops working. */
    public record Signed(URI url, Instant expiresAt) {
    }
}
