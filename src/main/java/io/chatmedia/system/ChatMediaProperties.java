package io.chatmedia.system;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything configurable under {@code chatmedia.*}.
 *
 * @param dataDir       the folder that holds everything local: blobs, the embedded database, the generated secret
 * @param publicBaseUrl when set, URLs in answers are absolute on this base (e.g. {@code https://media.example.com});
 *                      otherwise they are relative to this server
 * @param auth          token verification and guest tokens
 * @param limits        upload limits per role
 */
@ConfigurationProperties("chatmedia")
public record ChatMediaProperties(
        @DefaultValue("./data") Path dataDir,
        String publicBaseUrl,
        @DefaultValue Auth auth,
        @DefaultValue Limits limits) {

    /**
     * @param jwtSecret        the HS256 secret shared with the host chat app; generated and kept in the data dir when empty
     * @param guestEndpoint    whether {@code POST /v1/auth/guest} issues guest tokens
     * @param guestTokenTtl    how long an issued guest token is valid
     */
    public record Auth(
            String jwtSecret,
            @DefaultValue("true") boolean guestEndpoint,
            @DefaultValue("2h") Duration guestTokenTtl) {}

    /**
     * @param userMaxBytes  the largest upload a logged-in user may make
     * @param guestMaxBytes the largest upload a guest may make
     */
    public record Limits(
            @DefaultValue("200MB") DataSize userMaxBytes,
            @DefaultValue("20MB") DataSize guestMaxBytes) {}
}
