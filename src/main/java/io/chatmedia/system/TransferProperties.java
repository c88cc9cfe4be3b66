package io.chatmedia.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code chatmedia.transfers.*}: what one slow or greedy client may hold. A transfer is an upload (a request with a body)
 * or a download (a read of {@code /public/uploads/...}); each holds a request thread on Java 17 for as long as it lasts.
 *
 * @param maxUploads        uploads in flight on the node; more is a 429 with {@code Retry-After}
 * @param maxDownloads      downloads in flight on the node; more is a 429 with {@code Retry-After}
 * @param perClientUploads  uploads in flight from one client address
 * @param perClientDownloads downloads in flight from one client address
 * @param perUserUploads    uploads in flight of one user (token), from whatever addresses
 * @param minRate           the slowest a body may arrive or a download be read, measured over each {@code rateWindow}
 *                          once the first window has passed: slower is a 408 (upload) or a dropped connection (download)
 * @param rateWindow        the window the rate is measured over
 * @param maxUploadDuration the longest an upload's body may take in all, whatever its rate
 * @param retryAfter        what {@code Retry-After} says on a 429
 */
@ConfigurationProperties("chatmedia.transfers")
public record TransferProperties(
        @DefaultValue("64") int maxUploads,
        @DefaultValue("96") int maxDownloads,
        @DefaultValue("8") int perClientUploads,
        @DefaultValue("32") int perClientDownloads,
        @DefaultValue("10") int perUserUploads,
        @DefaultValue("1KB") DataSize minRate,
        @DefaultValue("20s") Duration rateWindow,
        @DefaultValue("30m") Duration maxUploadDuration,
        @DefaultValue("5s") Duration retryAfter) {}
