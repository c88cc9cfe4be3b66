package io.chatmedia.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtSecretSourceTest {

    @TempDir
    Path dataDir;

    @Test
    void usesTheConfiguredSecret() throws Exception {
        assertThat(JwtSecretSource.resolve("configured", dataDir)).isEqualTo("configured");
        assertThat(dataDir.resolve(JwtSecretSource.FILE_NAME)).doesNotExist();
    }

    @Test
    void generatesOneSecretOnFirstStartAndKeepsIt() throws Exception {
        String first = JwtSecretSource.resolve(null, dataDir.resolve("new"));
        String second = JwtSecretSource.resolve("  ", dataDir.resolve("new"));
        assertThat(first).hasSizeGreaterThanOrEqualTo(40).isEqualTo(second);
        Path file = dataDir.resolve("new").resolve(JwtSecretSource.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dataDir.resolve("new"))) {
            assertThat(files).containsExactly(file);
        }
    }
}
