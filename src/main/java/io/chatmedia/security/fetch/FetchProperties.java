package io.chatmedia.security.fetch;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Fetching media from URLs clients give ({@code chatmedia.fetch.*}), e.g. getVideoScreenshot's {@code videoUrl} when it
 * is not one of ChatMedia's own media.
 *
 * @param allowedHosts host names or {@code *.example.com} wildcards ChatMedia may fetch from; empty (the default)
 *                     means nothing outside its own stores is fetched
 * @param maxBytes     the largest download; a larger one is refused (413)
 * @param timeout      the deadline for a whole download, redirects included
 * @param maxRedirects how many redirects are followed, each re-checked
 */
@ConfigurationProperties("chatmedia.fetch")
public record FetchProperties(
        @DefaultValue List<String> allowedHosts,
        @DefaultValue("200MB") DataSize maxBytes,
        @DefaultValue("60s") Duration timeout,
        @DefaultValue("5") int maxRedirects) {

    public FetchProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        maxBytes = maxBytes == null ? DataSize.ofMegabytes(200) : maxBytes;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        if (maxBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("chatmedia.fetch.max-bytes must be positive, not " + maxBytes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("chatmedia.fetch.timeout must be positive, not " + timeout);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("chatmedia.fetch.max-redirects must be 0 or more, not " + maxRedirects);
        }
        HostAllowList.of(allowedHosts); // an invalid entry fails the start with its name
    }

    /** The defaults, with these hosts allowed. */
    public static FetchProperties allowing(List<String> allowedHosts) {
        return new FetchProperties(allowedHosts, null, null, 5);
    }
}
