package io.chatmedia.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** The key rules on any text: a valid key never leaves its root, whatever a file system makes of it. */
class BlobKeysFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void aValidKeyStaysUnderItsRoot(FuzzedDataProvider data) {
        String key = data.consumeRemainingAsString();
        if (!BlobKeys.isValid(key)) {
            return;
        }
        assertThat(key).doesNotStartWith("/").doesNotContain("\\").doesNotContain("//");
        Path root = Path.of("/srv/root");
        try {
            assertThat(root.resolve(key).normalize().startsWith(root))
                    .as("%s stays under the root", key)
                    .isTrue();
        } catch (InvalidPathException e) {
            // a NUL is refused by the file system itself
        }
    }
}
