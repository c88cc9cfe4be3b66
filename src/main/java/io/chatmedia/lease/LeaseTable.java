package io.chatmedia.lease;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code lease} table, in SQL that runs on SQLite and PostgreSQL. Every time is the database's: "now" is an SQL
 * expression evaluated by the database in the statement that decides, so nodes whose clocks disagree still agree on
 * who holds a lease. Taking a lease is one statement (insert if absent, or take over if expired), so two nodes never
 * both get it.
 */
final class LeaseTable {

    /** Epoch milliseconds on PostgreSQL's clock (the real time, not the transaction's start). */
    static final String POSTGRES_NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    /** Epoch milliseconds on SQLite's clock: julianday('now') has millisecond precision on every SQLite version. */
    static final String SQLITE_NOW = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    private final JdbcClient jdbc;
    private final String now;

    LeaseTable(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.now = nowExpression(dataSource);
    }

    /** Takes the lease when nobody holds it or its holder let it expire; one statement, atomic on both databases. */
    boolean tryTake(String name, String key, String owner, String token, Duration ttl) {
        int changed = jdbc.sql("INSERT INTO lease (name, lease_key, owner, token, expires_at)"
                        + " VALUES (:name, :key, :owner, :token, " + now + " + :ttl)"
                        + " ON CONFLICT (name, lease_key) DO UPDATE SET owner = excluded.owner,"
                        + " token = excluded.token, expires_at = excluded.expires_at"
                        + " WHERE lease.expires_at <= " + now)
                .param("name", name)
                .param("key", key)
                .param("owner", owner)
                .param("token", token)
                .param("ttl", ttl.toMillis())
                .update();
        return changed == 1;
    }

    /** @return whether the lease is still this token's (false: it expired and another took it) */
    boolean renew(String name, String key, String token, Duration ttl) {
        return jdbc.sql("UPDATE lease SET expires_at = " + now + " + :ttl"
                                + " WHERE name = :name AND lease_key = :key AND token = :token")
                        .param("name", name)
                        .param("key", key)
                        .param("token", token)
                        .param("ttl", ttl.toMillis())
                        .update()
                == 1;
    }

    void release(String name, String key, String token) {
        jdbc.sql("DELETE FROM lease WHERE name = :name AND lease_key = :key AND token = :token")
                .param("name", name)
                .param("key", key)
                .param("token", token)
                .update();
    }

    /** Who holds the lease and for how much longer, by the database's clock; empty when nobody holds it. */
    Optional<Lease.Holder> holder(String name, String key) {
        return jdbc.sql("SELECT owner, expires_at - " + now + " AS remaining FROM lease"
                        + " WHERE name = :name AND lease_key = :key AND expires_at > " + now)
                .param("name", name)
                .param("key", key)
                .query((row, n) -> new Lease.Holder(row.getString(1), Duration.ofMillis(row.getLong(2))))
                .optional();
    }

    /** Removes leases expired longer ago than {@code age} (their owners died; nobody asked for them since). */
    int purgeExpired(Duration age) {
        return jdbc.sql("DELETE FROM lease WHERE expires_at < " + now + " - :age")
                .param("age", age.toMillis())
                .update();
    }

    /** The database's current time, epoch milliseconds. */
    long now() {
        return jdbc.sql("SELECT " + now).query(Long.class).single();
    }

    private static String nowExpression(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return POSTGRES_NOW;
            }
            if (product.contains("sqlite")) {
                return SQLITE_NOW;
            }
            throw new IllegalStateException("leases need SQLite or PostgreSQL, not " + product);
        } catch (SQLException e) {
            // The database is down at start: PostgreSQL's expression unless the URL says SQLite, decided on the URL.
            return isSqliteUrl(dataSource) ? SQLITE_NOW : POSTGRES_NOW;
        }
    }

    private static boolean isSqliteUrl(DataSource dataSource) {
        try {
            return dataSource.unwrap(HikariDataSource.class).getJdbcUrl().startsWith("jdbc:sqlite:");
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
