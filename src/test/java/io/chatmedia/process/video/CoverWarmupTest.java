package io.chatmedia.process.video;

import io.chatmedia.process.natives.NativeLibraries;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CoverWarmupTest {

    @BeforeAll
    static void natives() {
        NativeLibraries.loadFfmpeg(Path.of("target", "natives"));
    }

    @Test
    void rendersEveryCoverShapeOfTheBundledClips() throws Exception {
        new CoverWarmup().warm(); // throws when a bundled clip is missing or a cover of it cannot be made
    }
}
