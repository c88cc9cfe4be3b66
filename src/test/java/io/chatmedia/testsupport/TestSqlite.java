package io.chatmedia.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;

/** A migrated SQLite database in a folder of the test's own, configured as application.yml configures it. */
public final class TestSqlite {

    private TestSqlite() {}

    /** The caller closes it. */
    public static HikariDataSource migrated(Path dir) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("chatmedia.db")
                + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000&foreign_keys=true");
        config.setMaximumPoolSize(8); // as spring.datasource.hikari.maximum-pool-size
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
