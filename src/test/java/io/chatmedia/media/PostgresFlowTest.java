package io.chatmedia.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.Fixtures;
import io.chatmedia.testsupport.Multipart;
import io.chatmedia.testsupport.TestPostgres;
import io.chatmedia.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole server on PostgreSQL instead of SQLite: Flyway creates the schema, uploads and deletes land there. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresFlowTest {

    private static final TestPostgres.Schema SCHEMA = TestPostgres.newSchema(PostgresFlowTest.class);

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void onPostgres(DynamicPropertyRegistry registry) throws Exception {
        Path dataDir = Files.createTempDirectory("chatmedia-pg-flow-");
        registry.add("chatmedia.data-dir", dataDir::toString);
        registry.add("chatmedia.auth.jwt-secret", () -> Tokens.SECRET);
        registry.add("spring.datasource.url", SCHEMA::jdbcUrl);
        registry.add("server.address", () -> "127.0.0.1");
    }

    @AfterAll
    static void dropSchema() {
        SCHEMA.close();
    }

    @Test
    void recordsServesAndDeletesMediaInPostgres() throws Exception {
        assertThat(jdbc.sql("SELECT current_database() IS NOT NULL AND version() LIKE 'PostgreSQL%'")
                        .query(Boolean.class)
                        .single())
                .isTrue();
        HttpClient http = HttpClient.newHttpClient();
        Multipart body = Multipart.create().file("file", "pg.png", "image/png", Fixtures.png(8, 8));
        HttpResponse<byte[]> created = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/media"))
                        .header("token", Tokens.user("pg-user"))
                        .header("Content-Type", body.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode media = JsonMapper.builder().build().readTree(created.body()).get("data");
        String id = media.get("id").asString();

        assertThat(jdbc.sql("SELECT owner_id FROM media WHERE id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("pg-user");
        HttpResponse<byte[]> served = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + port + media.get("url").asString()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);

        HttpResponse<byte[]> deleted = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/media/" + id))
                        .header("token", Tokens.user("pg-user"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM media WHERE id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
