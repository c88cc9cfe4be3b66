package io.chatmedia.lease;

import io.chatmedia.testsupport.TestPostgres;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The lease rules on a real PostgreSQL, in a schema of this class's own. */
class PostgresLeasesIT extends LeasesContract {

    private static TestPostgres.Schema schema;

    @BeforeAll
    static void migrate() {
        schema = TestPostgres.newSchema(PostgresLeasesIT.class);
        Flyway.configure()
                .dataSource(schema.dataSource())
                .schemas(schema.name())
                .defaultSchema(schema.name())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Override
    protected DataSource migratedDataSource() {
        return schema.dataSource();
    }

    @Override
    protected String nowExpression() {
        return LeaseTable.POSTGRES_NOW;
    }
}
