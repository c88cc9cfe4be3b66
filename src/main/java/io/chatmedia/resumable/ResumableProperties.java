package io.chatmedia.resumable;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Resumable uploads ({@code chatmedia.uploads.resumable.*}).
 *
 * @param expiry        how long an upload is kept after its creation; an unfinished one is then removed with every
 *                      piece it stored (keep it at most the object store's {@code stale-upload-age}, whose sweeper
 *                      aborts older multipart uploads)
 * @param maxPending    unfinished uploads one user may have at once; the next creation is refused (429)
 * @param claimTtl      how long a PATCH holds its upload without showing progress before another request may take
 *                      the upload over (a node that died mid-PATCH stops blocking its upload after this)
 * @param sweepInterval how often expired uploads are looked for
 */
@ConfigurationProperties("chatmedia.uploads.resumable")
public record ResumableProperties(
        @DefaultValue("24h") Duration expiry,
        @DefaultValue("5") int maxPending,
        @DefaultValue("15s") Duration claimTtl,
        @DefaultValue("1m") Duration sweepInterval) {}
