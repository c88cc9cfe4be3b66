package io.chatmedia.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The repository contract on the embedded SQLite, configured as application.yml configures it. */
class SqliteMediaRepositoryTest extends MediaRepositoryContract {

    @TempDir
    static Path dir;

    private static HikariDataSource dataSource;

    @BeforeAll
    static void migrate() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("chatmedia.db")
                + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000&foreign_keys=true");
        config.setMaximumPoolSize(8); // as spring.datasource.hikari.maximum-pool-size
        config.setPoolName("test-sqlite");
        dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @AfterAll
    static void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Override
    protected DataSource migratedDataSource() {
        return dataSource;
    }

    @Test
    void theDatabaseRunsInWalModeWithABusyTimeout() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(jdbc.sql("PRAGMA journal_mode").query(String.class).single()).isEqualToIgnoringCase("wal");
        assertThat(jdbc.sql("PRAGMA busy_timeout").query(Integer.class).single())
                .isEqualTo(10_000);
    }
}
