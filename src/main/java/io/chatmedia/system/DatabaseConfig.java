package io.chatmedia.system;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metadata database: the embedded SQLite file under the data dir unless {@code spring.datasource.url}
 * names another (PostgreSQL at scale). For SQLite the folder is created first, since the driver will not.
 */
@Configuration
class DatabaseConfig {

    private static final String SQLITE = "jdbc:sqlite:";

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties) {
        String url = properties.determineUrl();
        if (url != null && url.startsWith(SQLITE)) {
            createFolderOf(url.substring(SQLITE.length()));
        }
        return properties
                .initializeDataSourceBuilder()
                .type(HikariDataSource.class)
                .build();
    }

    private static void createFolderOf(String sqliteTarget) {
        String file = sqliteTarget.contains("?") ? sqliteTarget.substring(0, sqliteTarget.indexOf('?')) : sqliteTarget;
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database folder " + parent, e);
        }
    }
}
