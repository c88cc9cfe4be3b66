package io.chatmedia.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.TestPostgres;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The repository contract on a real PostgreSQL: the project's test server (or {@code $CHATMEDIA_TEST_PG_URL}), in a
 * schema of this class's own.
 */
class PostgresMediaRepositoryIT extends MediaRepositoryContract {

    private static TestPostgres.Schema schema;

    @BeforeAll
    static void migrate() {
        schema = TestPostgres.newSchema(PostgresMediaRepositoryIT.class);
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

    @Test
    void theTableLivesInThisClassesOwnSchema() {
        JdbcClient jdbc = JdbcClient.create(schema.dataSource());
        assertThat(jdbc.sql("SELECT current_schema()").query(String.class).single())
                .isEqualTo(schema.name());
        assertThat(jdbc.sql("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE c.oid = 'media'::regclass")
                        .query(String.class)
                        .single())
                .isEqualTo(schema.name());
    }
}
