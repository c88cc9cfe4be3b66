package io.chatmedia.process.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The header readers (JPEG structure and quality, WebP, GIF frames, PNG, BMP, TIFF through metadata-extractor, the HEIF
 * box reader) on any bytes: a header with a positive size, or "unreadable"; never another failure.
 */
class ImageHeaderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void readsAHeaderOrRefuses(byte[] data) {
        try {
            ImageHeader header = ImageProbe.read(data);
            assertThat(header.width()).isPositive();
            assertThat(header.height()).isPositive();
            assertThat(header.frames()).isPositive();
        } catch (UnreadableImageException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
