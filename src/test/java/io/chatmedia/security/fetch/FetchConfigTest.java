package io.chatmedia.security.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.system.ChatMediaProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

class FetchConfigTest {

    @TempDir
    Path dataDir;

    @Configuration
    @EnableConfigurationProperties({FetchProperties.class, ChatMediaProperties.class})
    static class Properties {}

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, FetchConfig.class)
                .withPropertyValues("chatmedia.data-dir=" + dataDir);
    }

    @Test
    void defaultsAllowNoHostAnd200MbWithin60sAndFiveRedirects() {
        runner().run(context -> {
            FetchProperties fetch = context.getBean(FetchProperties.class);
            assertThat(fetch.allowedHosts()).isEmpty();
            assertThat(fetch.maxBytes()).isEqualTo(DataSize.ofMegabytes(200));
            assertThat(fetch.timeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(fetch.maxRedirects()).isEqualTo(5);
            assertThat(context).hasSingleBean(SafeFetcher.class);
            assertThat(dataDir.resolve("tmp").resolve("fetch")).isDirectory();
        });
    }

    @Test
    void bindsTheOperatorsSettings() {
        runner().withPropertyValues(
                        "chatmedia.fetch.allowed-hosts=media.example.com,*.cdn.example.com",
                        "chatmedia.fetch.max-bytes=50MB",
                        "chatmedia.fetch.timeout=20s",
                        "chatmedia.fetch.max-redirects=2")
                .run(context -> {
                    FetchProperties fetch = context.getBean(FetchProperties.class);
                    assertThat(fetch.allowedHosts()).containsExactly("media.example.com", "*.cdn.example.com");
                    assertThat(fetch.maxBytes()).isEqualTo(DataSize.ofMegabytes(50));
                    assertThat(fetch.timeout()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(fetch.maxRedirects()).isEqualTo(2);
                });
    }

    @Test
    void anInvalidAllowListEntryFailsTheStartNamingIt() {
        runner().withPropertyValues("chatmedia.fetch.allowed-hosts=http://media.example.com")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("http://media.example.com"));
    }
}
