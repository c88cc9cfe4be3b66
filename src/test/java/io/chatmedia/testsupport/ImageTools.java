package io.chatmedia.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reference image tools (ImageMagick, libvips, libheif, WebP tools, exiftool), installed if missing by
 * {@code scripts/test-image-tools.sh} once per JVM, so that {@code mvn verify} works on a fresh machine; {@code .ci/run}
 * runs the script up front too, which makes the call here a quick check.
 *
 * <p>Tools are run by absolute path only: on some machines {@code /usr/local/bin/convert} shadows ImageMagick's.
 * A tool that cannot be had fails the calling test with the script's output; it never skips it.
 */
public final class ImageTools {

    private static final String SCRIPT = "scripts/test-image-tools.sh";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    private static Map<String, String> paths;
    private static RuntimeException failure;

    private ImageTools() {}

    /** ImageMagick's convert, by absolute path. */
    public static String convert() {
        return path("convert");
    }

    /** ImageMagick's identify. */
    public static String identify() {
        return path("identify");
    }

    /** The absolute path of a tool the script provides ({@code convert}, {@code vips}, {@code heif-convert}...). */
    public static synchronized String path(String tool) {
        if (failure != null) {
            throw failure;
        }
        if (paths == null) {
            try {
                paths = install();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        String path = paths.get(tool);
        if (path == null) {
            throw new IllegalStateException(SCRIPT + " provides no " + tool + " here; it provides " + paths.keySet());
        }
        return path;
    }

    /** Whether the script found or installed this tool (optional ones, like avifenc, may be absent). */
    public static boolean has(String tool) {
        path("convert");
        return paths.containsKey(tool);
    }

    /**
     * Runs a tool (by name, resolved to its path) with these arguments; returns its stdout.
     *
     * @throws IllegalStateException with its stderr when it exits non-zero or runs over two minutes
     */
    public static byte[] run(String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(path(tool));
        command.addAll(List.of(args));
        return exec(command, RUN_TIMEOUT).stdout();
    }

    /** {@link #run} as text, trimmed. */
    public static String runText(String tool, String... args) {
        return new String(run(tool, args), StandardCharsets.UTF_8).trim();
    }

    private static Map<String, String> install() {
        Path script = findScript();
        Result result;
        try {
            result = exec(List.of("bash", script.toString()), INSTALL_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "could not install the reference image tools with " + SCRIPT + ": " + e.getMessage(), e);
        }
        Map<String, String> found = new LinkedHashMap<>();
        for (String line : new String(result.stdout(), StandardCharsets.UTF_8).split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.startsWith("/", eq + 1)) {
                found.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        if (!found.containsKey("convert")) {
            throw new IllegalStateException(SCRIPT + " printed no convert path; its stderr:\n" + result.stderr());
        }
        return Map.copyOf(found);
    }

    private record Result(byte[] stdout, String stderr) {}

    private static Result exec(List<String> command, Duration timeout) {
        Path err = null;
        Path out = null;
        try {
            err = Files.createTempFile("image-tool", ".err");
            out = Files.createTempFile("image-tool", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            builder.environment().put("LC_ALL", "C");
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout
                        + "; its stderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited with " + process.exitValue() + "; its stderr:\n" + stderr);
            }
            return new Result(Files.readAllBytes(out), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            deleteQuietly(err);
            deleteQuietly(out);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    /** The script, looked for upwards from the working directory and from where this class was compiled to. */
    private static Path findScript() {
        List<Path> starts = new ArrayList<>();
        starts.add(Paths.get("").toAbsolutePath());
        try {
            starts.add(Paths.get(ImageTools.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI()));
        } catch (Exception ignored) {
            // the working directory alone
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path script = dir.resolve(SCRIPT);
                if (Files.isRegularFile(script)) {
                    return script;
                }
            }
        }
        throw new IllegalStateException("cannot find " + SCRIPT + " above " + starts);
    }
}
