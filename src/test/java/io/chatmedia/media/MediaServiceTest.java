package io.chatmedia.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaServiceTest {

    @Test
    void recordsNamesWithoutControlCharactersAndAtMost255CodePoints() {
        assertThat(MediaService.trimName("a\u0000b\r\n.png")).isEqualTo("ab.png");
        assertThat(MediaService.trimName("\u0000\u0001")).isNull();
        assertThat(MediaService.trimName(null)).isNull();
        String emoji = "😀".repeat(300) + ".png";
        String trimmed = MediaService.trimName(emoji);
        assertThat(trimmed.codePointCount(0, trimmed.length())).isEqualTo(255);
        assertThat(trimmed).endsWith("😀.png");
    }
}
