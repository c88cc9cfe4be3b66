package io.chatmedia.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * The test class path, for a child JVM: surefire's {@code surefire.test.class.path} when set, else
 * {@code java.class.path}, with a manifest-only booter jar expanded into its {@code Class-Path}. This module's test
 * classes are left out, so test resources cannot change the application's configuration.
 *
 * @param value  the class path, entries joined by the path separator
 * @param source where it came from and how many entries it kept, for the test's output
 */
public record ChildClassPath(String value, String source) {

    /** The class path, which must hold {@code mainClass} in one of its folders. */
    public static ChildClassPath holding(String mainClass) throws IOException, URISyntaxException {
        String raw = System.getProperty("surefire.test.class.path");
        String source = "surefire.test.class.path";
        if (raw == null || raw.isBlank()) {
            raw = System.getProperty("java.class.path");
            source = "java.class.path";
        }
        List<Path> entries = new ArrayList<>();
        for (String entry : raw.split(Pattern.quote(File.pathSeparator))) {
            if (!entry.isBlank()) {
                entries.addAll(expandManifestOnlyJar(Paths.get(entry)));
            }
        }
        Optional<Path> testClasses = ownLocation();
        List<String> kept = new ArrayList<>();
        boolean hasMain = false;
        for (Path entry : entries) {
            if (testClasses.isPresent() && sameFile(entry, testClasses.get())) {
                continue;
            }
            hasMain |= Files.isRegularFile(entry.resolve(mainClass.replace('.', '/') + ".class"));
            kept.add(entry.toString());
        }
        assertThat(hasMain)
                .as("no folder on the test class path holds %s: %s", mainClass, kept)
                .isTrue();
        return new ChildClassPath(String.join(File.pathSeparator, kept), source + " (" + kept.size() + " entries)");
    }

    /** A jar with no classes of its own but a {@code Class-Path} (surefire's booter) stands for that path. */
    private static List<Path> expandManifestOnlyJar(Path entry) throws IOException {
        if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return List.of(entry);
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath =
                    manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            boolean onlyManifest = jar.stream()
                    .noneMatch(e ->
                            e.getName().endsWith(".class") && !e.getName().startsWith("org/apache/maven/surefire/"));
            if (classPath == null || !onlyManifest) {
                return List.of(entry);
            }
            List<Path> expanded = new ArrayList<>();
            URI baseUri = entry.toUri();
            for (String ref : classPath.trim().split("\\s+")) {
                Path path = Paths.get(baseUri.resolve(ref));
                if (!path.toString().contains("surefire-booter")
                        && !path.toString().contains("surefire-api")) {
                    expanded.add(path);
                }
            }
            return expanded;
        }
    }

    /** This module's test classes: where this class was loaded from. */
    private static Optional<Path> ownLocation() throws URISyntaxException {
        CodeSource source = ChildClassPath.class.getProtectionDomain().getCodeSource();
        return source == null
                ? Optional.empty()
                : Optional.of(Paths.get(source.getLocation().toURI()));
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
