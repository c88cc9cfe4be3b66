package io.chatmedia.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The PostgreSQL server the tests run against: {@code $CHATMEDIA_TEST_PG_URL} when set, otherwise the project's own
 * server, installed and started once per JVM by {@code scripts/test-postgres.sh start} and stopped at JVM exit (unless
 * it was already running, e.g. started by {@code .ci/run}, in which case it is reused and left alone).
 *
 * <p>A server that cannot be had fails the calling test with the script's output; it never skips it.
 *
 * <p>Each test class should take its own schema, so that classes never see each other's rows:
 * <pre>{@code
 * static TestPostgres.Schema schema = TestPostgres.newSchema(MyTest.class);   // in @BeforeAll
 * DataSource ds = schema.dataSource();                                      // bound to that schema
 * schema.close();                                                           // in @AfterAll: pool closed, schema dropped
 * }</pre>
 */
public final class TestPostgres {

    /** A JDBC URL (with user and password) of a server to use instead of starting one. */
    public static final String URL_ENV = "CHATMEDIA_TEST_PG_URL";

    private static final String SCRIPT = "scripts/test-postgres.sh";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5); // a first start may apt-get install PostgreSQL
    private static final Duration QUICK_TIMEOUT = Duration.ofMinutes(1);
    /** What the script says on stderr when {@code start} found the server running. */
    private static final String ALREADY_RUNNING = "test-postgres: already running on";

    private static String url;
    private static RuntimeException failure;

    private TestPostgres() {}

    /**
     * The JDBC URL of the test server's database, user and password included; starts the server on first use.
     *
     * @throws IllegalStateException with the script's output when there is no server to be had
     */
    public static synchronized String jdbcUrl() {
        if (failure != null) {
            throw failure;
        }
        if (url == null) {
            try {
                url = obtainUrl();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return url;
    }

    /**
     * Creates a fresh, uniquely named schema in the test database, and a pool bound to it (its {@code search_path} is
     * that schema only). Run Flyway with {@code .schemas(schema.name())} on it.
     */
    public static Schema newSchema(Class<?> owner) {
        String base = jdbcUrl();
        String name = schemaName(owner);
        try (Connection connection = DriverManager.getConnection(base);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the schema " + name + " on " + redact(base), e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withParameter(base, "currentSchema", name));
        config.setPoolName("test-pg-" + name);
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        return new Schema(name, base, new HikariDataSource(config));
    }

    /** A schema of its own for one test class; closing it closes the pool and drops the schema with its tables. */
    public static final class Schema implements AutoCloseable {

        private final String name;
        private final String baseUrl;
        private final HikariDataSource dataSource;

        private Schema(String name, String baseUrl, HikariDataSource dataSource) {
            this.name = name;
            this.baseUrl = baseUrl;
            this.dataSource = dataSource;
        }

        /** The schema's name: lower case, unquoted-identifier safe. */
        public String name() {
            return name;
        }

        /** Connections whose search path is this schema. */
        public DataSource dataSource() {
            return dataSource;
        }

        /** A JDBC URL (user and password included) whose connections use this schema, e.g. for a Spring context. */
        public String jdbcUrl() {
            return dataSource.getJdbcUrl();
        }

        @Override
        public void close() {
            dataSource.close();
            try (Connection connection = DriverManager.getConnection(baseUrl);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop the schema " + name, e);
            }
        }
    }

    private static String obtainUrl() {
        String fromEnv = System.getenv(URL_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        Path script = findScript();
        Result running = run(script, "url", QUICK_TIMEOUT);
        if (running.exitCode == 0 && running.url() != null) {
            return running.url(); // someone else's server (e.g. .ci/run's): reuse it, leave it running
        }
        Result started = run(script, "start", START_TIMEOUT);
        if (started.exitCode != 0 || started.url() == null) {
            throw new IllegalStateException("could not start the test PostgreSQL server: `" + SCRIPT + " start` "
                    + (started.exitCode == Result.TIMED_OUT
                            ? "timed out after " + START_TIMEOUT
                            : "exited with " + started.exitCode)
                    + (started.exitCode == 0 ? " without printing a JDBC URL" : "")
                    + "; its output:\n" + started.output
                    + "\n(set " + URL_ENV + " to use another server)");
        }
        // Stop it at exit only if this JVM started it: another JVM (a parallel fork) may have won the race to start it.
        if (!started.output.contains(ALREADY_RUNNING)) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> run(script, "stop", QUICK_TIMEOUT), "test-postgres-stop"));
        }
        return started.url();
    }

    /** The script, looked for upwards from the working directory and from where this class was compiled to. */
    private static Path findScript() {
        for (Path start : candidateStarts()) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path script = dir.resolve(SCRIPT);
                if (Files.isRegularFile(script)) {
                    return script;
                }
            }
        }
        throw new IllegalStateException("cannot find " + SCRIPT + " above " + candidateStarts() + "; set " + URL_ENV
                + " to use a server of your own");
    }

    private static List<Path> candidateStarts() {
        Path cwd = Paths.get("").toAbsolutePath();
        try {
            Path classes = Paths.get(TestPostgres.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return List.of(cwd, classes.toAbsolutePath());
        } catch (Exception e) {
            return List.of(cwd);
        }
    }

    private record Result(int exitCode, String output) {

        static final int TIMED_OUT = -1;

        /** The last line that is a PostgreSQL JDBC URL (the script prints progress to stderr, the URL to stdout). */
        String url() {
            String found = null;
            for (String line : output.split("\\R")) {
                if (line.startsWith("jdbc:postgresql://")) {
                    found = line.trim();
                }
            }
            return found;
        }
    }

    private static Result run(Path script, String command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("test-postgres-" + command, ".out");
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), command)
                    .directory(script.getParent().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Result(Result.TIMED_OUT, new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(127, "cannot run " + script + " " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted while running " + script + " " + command);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    private static String schemaName(Class<?> owner) {
        String simple = owner.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        if (simple.length() > 36) {
            simple = simple.substring(0, 36);
        }
        return "t_" + simple + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String withParameter(String jdbcUrl, String name, String value) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + name + "=" + value;
    }

    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
