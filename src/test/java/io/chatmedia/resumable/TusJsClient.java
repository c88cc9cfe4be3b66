package io.chatmedia.resumable;

import io.chatmedia.testsupport.NodeTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** tus-js-client in a Node process ({@code src/test/node/tus-upload.js}), its reports read line by line. */
final class TusJsClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final StringBuilder stderr = new StringBuilder();

    private TusJsClient(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "tus-js-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static TusJsClient start(String endpoint, String token, Path file, long chunk, String... flags)
            throws IOException, InterruptedException {
        NodeTools tools = NodeTools.install();
        List<String> command = new ArrayList<>(List.of(
                tools.node().toString(),
                tools.script("tus-upload.js").toString(),
                endpoint,
                token,
                file.toString(),
                Long.toString(chunk),
                "-"));
        command.addAll(List.of(flags));
        return new TusJsClient(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start());
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("{")) {
                    events.add(JSON.readTree(line));
                } else {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    List<JsonNode> events() {
        return List.copyOf(events);
    }

    /** Waits until an event matches; @return its index */
    int await(Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> now = events();
            for (int i = 0; i < now.size(); i++) {
                if (condition.test(now.get(i))) {
                    return i;
                }
            }
            if (!process.isAlive() && events().size() == now.size()) {
                throw new AssertionError("tus-js-client ended (" + process.exitValue() + ") without it: " + now);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("tus-js-client did not report it within " + timeout + ": " + events());
    }

    /** @return the exit code */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("tus-js-client still running after " + timeout + ": " + events());
        }
        Thread.sleep(100); // the reader's last lines
        return process.exitValue();
    }

    /** Bytes the client sent in PATCH bodies: each PATCH carries {@code min(chunk, size - offset)}. */
    /**
     * The bytes the server accepted, summed over every PATCH it answered 204: the file's size when the upload resumed
     * where it stopped, more when it started again from zero. (Attempts refused while a restarted server still held the
     * dead request's claim are not counted: they stored nothing.)
     */
    long bytesAccepted() {
        return events().stream()
                .filter(e -> e.get("event").asString().equals("patched"))
                .filter(e -> e.get("status").asInt() == 204)
                .mapToLong(e -> e.get("to").asLong() - e.get("from").asLong())
                .sum();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
