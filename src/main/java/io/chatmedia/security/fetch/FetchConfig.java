package io.chatmedia.security.fetch;

import io.chatmedia.system.ChatMediaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link SafeFetcher}, downloading into {@code <chatmedia.data-dir>/tmp/fetch}. */
@Configuration
class FetchConfig {

    private static final Logger log = LoggerFactory.getLogger(FetchConfig.class);

    @Bean(destroyMethod = "close")
    SafeFetcher safeFetcher(FetchProperties fetch, ChatMediaProperties properties) {
        HostAllowList hosts = HostAllowList.of(fetch.allowedHosts());
        if (!hosts.isEmpty()) {
            log.info(
                    "Media may be fetched from {} (public addresses only, up to {}, within {})",
                    hosts,
                    fetch.maxBytes(),
                    fetch.timeout());
        }
        return new SafeFetcher(fetch, properties.dataDir().resolve("tmp").resolve("fetch"));
    }
}
