package io.chatmedia.lease;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * This node's identity and leases: {@code chatmedia.cluster.node-id} (default: the host name and 6 random hex
 * digits, new at each start), shown in readiness details ({@code node}) and written as the owner of the leases it
 * takes. Leases expired for an hour are purged hourly, by one node at a time.
 */
@Configuration
class LeaseConfig {

    private static final Logger log = LoggerFactory.getLogger(LeaseConfig.class);
    private static final Duration PURGE_AFTER = Duration.ofHours(1);

    private Leases leases;

    @Bean(destroyMethod = "shutdown")
    Leases leases(DataSource dataSource, @Value("${chatmedia.cluster.node-id:}") String configured) {
        String nodeId = configured.isBlank() ? generatedId() : configured.trim();
        log.info("node id {}", nodeId);
        leases = new Leases(dataSource, nodeId);
        return leases;
    }

    @Bean("node")
    HealthIndicator nodeHealth(Leases leases) {
        return () -> Health.up().withDetail("id", leases.nodeId()).build();
    }

    @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
    void purgeExpiredLeases() {
        leases.runExclusively("job", "purge-expired-leases", Duration.ofMinutes(50), () -> {
            int purged = leases.purgeExpired(PURGE_AFTER);
            if (purged > 0) {
                log.info("purged {} expired leases", purged);
            }
        });
    }

    private static String generatedId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "node";
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return host.replaceAll("[^A-Za-z0-9._-]", "") + "-" + HexFormat.of().formatHex(random);
    }
}
