package io.chatmedia.lease;

import com.zaxxer.hikari.HikariDataSource;
import io.chatmedia.testsupport.TestSqlite;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The lease rules on the embedded SQLite, configured as application.yml configures it. */
class SqliteLeasesTest extends LeasesContract {

    @TempDir
    static Path dir;

    private static HikariDataSource dataSource;

    @BeforeAll
    static void migrate() {
        dataSource = TestSqlite.migrated(dir);
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

    @Override
    protected String nowExpression() {
        return LeaseTable.SQLITE_NOW;
    }
}
