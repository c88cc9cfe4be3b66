package io.chatmedia.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.chatmedia.testsupport.ChildServer;
import io.chatmedia.testsupport.JsonFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Java 21+ requests run on virtual threads ({@code spring.threads.virtual.enabled: true} in application.yml, which
 * Java 17 ignores): the application is started in a child JVM with the newest JDK of major version 21 or more under
 * {@value #JVM_FOLDER}, and once with the tests' own {@code java}, and each child's access log line for one
 * {@code GET /v1/config} names the thread that handled it. Spring Boot names virtual request threads
 * {@code tomcat-handler-N}; Tomcat's platform pool threads are {@code http-nio-<address>-<port>-exec-N}. The log
 * pattern keeps the last 15 characters of the name ({@code [omcat-handler-0]}), hence {@code handler-} and
 * {@code exec-}. No JDK 21+ there fails the test: the project must run on one.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VirtualThreadsIT {

    static final String JVM_FOLDER = "/usr/lib/jvm";

    private static final Pattern ACCESS_LINE =
            Pattern.compile("\\[([^\\]]+)\\]\\s+chatmedia\\.access\\s+:\\s+GET /v1/config 200\\b");
    private static final Pattern JAVA_IN_LOG = Pattern.compile("using Java (\\d+)");

    @TempDir
    Path work;

    @Test
    void onJava21OrNewerRequestsRunOnVirtualThreads() throws Exception {
        Jdk jdk = newestJdk(Paths.get(JVM_FOLDER), 21)
                .orElseGet(() -> fail("no JDK of major version 21 or newer under " + JVM_FOLDER
                        + " (searched the release files of its folders for JAVA_VERSION); JDKs found there: "
                        + jdksUnder(Paths.get(JVM_FOLDER))));

        String thread = handlerOfOneRequest(jdk.java(), work.resolve("java-" + jdk.major()), jdk.major());

        System.out.printf(
                "VirtualThreadsIT: %s (Java %d) handled GET /v1/config on [%s]%n", jdk.home(), jdk.major(), thread);
        assertThat(thread)
                .as("thread of GET /v1/config on Java %d (%s)", jdk.major(), jdk.home())
                .contains("handler-")
                .doesNotContain("exec-");
    }

    @Test
    void onTheTestsOwnJavaTheSameCheckSeesWhatThreadsItRunsOn() throws Exception {
        int major = Runtime.version().feature();
        String thread = handlerOfOneRequest(ChildServer.currentJava(), work.resolve("java-" + major), major);

        // The project's build runs on Java 17: a platform thread of Tomcat's pool. On a 21+ build JVM, virtual.
        String expected = major >= 21 ? "handler-" : "exec-";
        System.out.printf(
                "VirtualThreadsIT: %s (Java %d) handled GET /v1/config on [%s]%n",
                System.getProperty("java.home"), major, thread);
        assertThat(thread)
                .as("thread of GET /v1/config on the tests' own Java %d", major)
                .contains(expected);
    }

    /**
     * Starts a child with {@code java}, gets a guest token, makes one {@code GET /v1/config} with it, stops the child
     * and answers the (truncated) name of the thread its access log line names.
     */
    private static String handlerOfOneRequest(Path java, Path folder, int major) throws Exception {
        Files.createDirectories(folder);
        try (ChildServer child = ChildServer.in(folder)
                .java(java)
                .readyTimeout(Duration.ofSeconds(60))
                .start()) {
            assertThat(runningJava(child))
                    .as(() -> "Java major version the child reports\n" + child.logTail())
                    .isEqualTo(major);

            ChildServer.Answer guest = child.request("POST", "/v1/auth/guest");
            assertThat(guest.status())
                    .as("POST /v1/auth/guest: %s", guest.body())
                    .isEqualTo(200);
            String token = JsonFields.string(guest.body(), "token");
            ChildServer.Answer config = child.request("GET", "/v1/config", "token", token);
            assertThat(config.status()).as("GET /v1/config: %s", config.body()).isEqualTo(200);
            assertThat(JsonFields.string(config.body(), "role")).isEqualTo("guest");

            // The access line is written once the answer is out: it may trail the answer a little.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            do {
                Matcher line = ACCESS_LINE.matcher(child.logText());
                if (line.find()) {
                    return line.group(1).trim();
                }
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
            return fail("no access log line for GET /v1/config 200 in the child's log\n" + child.logTail());
        }
    }

    private static int runningJava(ChildServer child) throws IOException {
        Matcher m = JAVA_IN_LOG.matcher(child.logText());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** A JDK: its folder, {@code bin/java} and the major version of its {@code release} file's JAVA_VERSION. */
    record Jdk(Path home, Path java, int major) {}

    /** The JDK of the highest major version, at least {@code minMajor}, with an executable {@code bin/java}. */
    static Optional<Jdk> newestJdk(Path folder, int minMajor) {
        return jdksUnder(folder).stream()
                .filter(jdk -> jdk.major() >= minMajor && Files.isExecutable(jdk.java()))
                .max(Comparator.comparingInt(Jdk::major));
    }

    /** Every folder directly under {@code folder} with a {@code release} file naming a JAVA_VERSION. */
    static List<Jdk> jdksUnder(Path folder) {
        List<Jdk> jdks = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return jdks;
        }
        try (Stream<Path> homes = Files.list(folder)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                if (!Files.isRegularFile(release)) {
                    continue;
                }
                Properties properties = new Properties();
                try (var reader = Files.newBufferedReader(release, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                String version = properties
                        .getProperty("JAVA_VERSION", "")
                        .replace("\"", "")
                        .trim();
                int major = major(version);
                if (major > 0) {
                    jdks.add(new Jdk(home, home.resolve("bin").resolve("java"), major));
                }
            }
        } catch (IOException e) {
            // an unreadable folder holds no JDK we can use
        }
        return jdks;
    }

    /** {@code 25.0.3} is 25, {@code 21} is 21, {@code 1.8.0_412} is 8; 0 when it is no version. */
    static int major(String version) {
        Matcher m = Pattern.compile("^(\\d+)(?:\\.(\\d+))?").matcher(version);
        if (!m.find()) {
            return 0;
        }
        int first = Integer.parseInt(m.group(1));
        return first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first;
    }
}
