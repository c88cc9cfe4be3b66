package io.chatmedia.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The lease rules, run on each database ChatMedia supports (subclasses give a migrated data source). */
abstract class LeasesContract {

    protected abstract DataSource migratedDataSource();

    private final List<Leases> nodes = new ArrayList<>();
    private String key;

    @BeforeEach
    void freshKey() {
        key = "k-" + UUID.randomUUID();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Leases::shutdown);
    }

    private Leases node(String id) {
        Leases leases = new Leases(migratedDataSource(), id);
        nodes.add(leases);
        return leases;
    }

    @Test
    void aFreeLeaseIsTakenAndRefusedToOthersUntilReleased() {
        Leases a = node("node-a");
        Leases b = node("node-b");
        Optional<Lease> held = a.tryAcquire("derived", key, Duration.ofSeconds(30));
        assertThat(held).isPresent();
        assertThat(b.tryAcquire("derived", key, Duration.ofSeconds(30))).isEmpty();
        assertThat(a.tryAcquire("derived", key, Duration.ofSeconds(30)))
                .as("not re-entrant: a second caller on the same node waits too")
                .isEmpty();
        assertThat(b.holder("derived", key).orElseThrow().owner()).isEqualTo("node-a");
        assertThat(b.tryAcquire("other", key, Duration.ofSeconds(30)))
                .as("another name")
                .isPresent();

        held.get().close();
        assertThat(b.holder("derived", key)).isEmpty();
        assertThat(b.tryAcquire("derived", key, Duration.ofSeconds(30))).isPresent();
    }

    @Test
    void aLeaseWhoseOwnerNeverRenewsIsTakenOverAfterItsExpiryAndNotBefore() throws Exception {
        Leases dead = node("node-dead");
        Leases survivor = node("node-survivor");
        dead.tryAcquire("derived", key, Duration.ofMillis(1500)).orElseThrow().keepUntilExpiry(); // no more renewals
        long start = System.nanoTime();

        Thread.sleep(700);
        assertThat(survivor.tryAcquire("derived", key, Duration.ofSeconds(30))).isEmpty();
        assertThat(survivor.holder("derived", key).orElseThrow().remaining())
                .isBetween(Duration.ZERO, Duration.ofMillis(900));

        Optional<Lease> taken = Optional.empty();
        while (taken.isEmpty() && System.nanoTime() - start < 5_000_000_000L) {
            taken = survivor.tryAcquire("derived", key, Duration.ofSeconds(30));
            if (taken.isEmpty()) {
                Thread.sleep(50);
            }
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(taken).isPresent();
        assertThat(tookMillis).isGreaterThanOrEqualTo(1400); // the database's millisecond clock, our nanoTime
        assertThat(survivor.holder("derived", key).orElseThrow().owner()).isEqualTo("node-survivor");
    }

    @Test
    void aRenewedLeaseOutlivesItsTtlAndIsLostByNoOne() throws Exception {
        Leases a = node("node-a");
        Leases b = node("node-b");
        Lease held = a.tryAcquire("derived", key, Duration.ofMillis(600)).orElseThrow(); // renewed every 200 ms
        Thread.sleep(1800);
        assertThat(b.tryAcquire("derived", key, Duration.ofSeconds(30))).isEmpty();
        assertThat(held.lost()).isFalse();
        held.close();
        assertThat(b.tryAcquire("derived", key, Duration.ofSeconds(30))).isPresent();
    }

    @Test
    void expiryIsJudgedByTheDatabasesClock() throws Exception {
        // A row written with the database's own "now" (as a node on any clock would write it): held for 800 ms of the
        // database's time, whatever the nodes' clocks say; nothing in Leases reads a node's clock.
        JdbcClient jdbc = JdbcClient.create(migratedDataSource());
        String now = nowExpression();
        jdbc.sql("INSERT INTO lease (name, lease_key, owner, token, expires_at) VALUES ('derived', :key, 'node-x',"
                        + " 't', " + now + " + 800)")
                .param("key", key)
                .update();
        long databaseNow = new LeaseTable(migratedDataSource()).now();
        assertThat(databaseNow)
                .as("epoch milliseconds")
                .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 60_000);
        Leases b = node("node-b");
        assertThat(b.tryAcquire("derived", key, Duration.ofSeconds(30))).isEmpty();
        Thread.sleep(1000);
        assertThat(b.tryAcquire("derived", key, Duration.ofSeconds(30))).isPresent();
    }

    protected abstract String nowExpression();

    @Test
    void manyNodesRacingForOneLeaseGetItExactlyOnce() throws Exception {
        int racers = 12;
        List<Leases> racing = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            racing.add(node("node-" + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger winners = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Leases leases : racing) {
                done.add(threads.submit(() -> {
                    go.await();
                    if (leases.tryAcquire("derived", key, Duration.ofSeconds(30))
                            .isPresent()) {
                        winners.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(winners).hasValue(1);
    }

    @Test
    void aJobRunsOnOneNodeAndTheOthersSkipItsTurnWhileItsLeaseLasts() {
        Leases a = node("node-a");
        Leases b = node("node-b");
        AtomicInteger runs = new AtomicInteger();
        assertThat(a.runExclusively("job", key, Duration.ofSeconds(30), runs::incrementAndGet))
                .isTrue();
        assertThat(b.runExclusively("job", key, Duration.ofSeconds(30), runs::incrementAndGet))
                .isFalse();
        assertThat(a.runExclusively("job", key, Duration.ofSeconds(30), runs::incrementAndGet))
                .isFalse();
        assertThat(runs).hasValue(1);
        assertThat(b.holder("job", key).orElseThrow().owner()).isEqualTo("node-a");
    }

    @Test
    void expiredLeasesArePurged() throws Exception {
        Leases a = node("node-a");
        a.tryAcquire("derived", key, Duration.ofMillis(1)).orElseThrow().keepUntilExpiry();
        Thread.sleep(20);
        assertThat(a.purgeExpired(Duration.ZERO)).isGreaterThanOrEqualTo(1);
        JdbcClient jdbc = JdbcClient.create(migratedDataSource());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM lease WHERE lease_key = :key")
                        .param("key", key)
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
