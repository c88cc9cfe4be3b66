package io.chatmedia.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileExtensionTest {

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(
            value = {
                "photo.PNG, .png",
                "a.tar.gz, .gz",
                "voice.m4a, .m4a",
                "README, ''",
                ".bashrc, ''",
                "a., ''",
                "x.p/ng, ''",
                "dir/evil.php, .php",
                "C:\\\\dir\\\\v.MP4, .mp4",
                "a.pn g, ''",
                "a.exe%00.png, .png",
                "a.中文, ''",
                "a.abcdefghijklmnopq, ''",
            })
    void keepsOnlyPlainLowerCasedExtensions(String name, String expected) {
        assertThat(FileExtension.of(name)).isEqualTo(expected);
    }
}
