package io.chatmedia.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Node and the npm packages of {@code src/test/node/} (tus-js-client), installed into {@code target/node-tools/} by
 * {@code scripts/test-node-tools.sh} on first use (the script only checks when everything is there). A machine that
 * cannot have them fails the calling test with the script's output; it never skips it.
 */
public final class NodeTools {

    private static NodeTools installed;

    private final Path node;
    private final Path modules;

    private NodeTools(Path node, Path modules) {
        this.node = node;
        this.modules = modules;
    }

    public static synchronized NodeTools install() throws IOException, InterruptedException {
        if (installed == null) {
            Path out = Files.createTempFile("test-node-tools", ".out");
            Path err = Files.createTempFile("test-node-tools", ".err");
            try {
                Process process = new ProcessBuilder("bash", "scripts/test-node-tools.sh")
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("scripts/test-node-tools.sh failed:\n" + Files.readString(err));
                }
                Path node = null;
                Path modules = null;
                for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                    if (line.startsWith("node=")) {
                        node = Paths.get(line.substring(5));
                    } else if (line.startsWith("modules=")) {
                        modules = Paths.get(line.substring(8));
                    }
                }
                if (node == null || modules == null) {
                    throw new IllegalStateException(
                            "scripts/test-node-tools.sh printed no paths:\n" + Files.readString(err));
                }
                installed = new NodeTools(node, modules);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
        return installed;
    }

    public Path node() {
        return node;
    }

    /** A script of {@code src/test/node/} (copied beside its node_modules). */
    public Path script(String name) {
        return modules.resolve(name);
    }
}
