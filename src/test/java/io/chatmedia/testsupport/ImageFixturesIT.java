package io.chatmedia.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFixturesIT {

    @Test
    void writesAGifWithTenThousandFramesThatDecodersAccept(@TempDir Path work) throws Exception {
        byte[] gif = ImageFixtures.gifWithFrames(10_000, 100, 100);
        assertThat(gif.length).isLessThan(300_000);
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(10_000);
            assertThat(reader.getWidth(0)).isEqualTo(100);
            assertThat(reader.read(0).getRGB(8, 0)).isEqualTo(0xFFFFFFFF);
            assertThat(reader.read(9_999).getWidth()).isEqualTo(1);
        } finally {
            reader.dispose();
        }
        Path file = Files.write(work.resolve("frames.gif"), gif);
        assertThat(ImageTools.runText("identify", "-format", "%m %w %h", file + "[0]"))
                .isEqualTo("GIF 100 100");
        assertThat(ImageTools.runText("identify", "-format", "%m %W %H %T", file + "[9999]"))
                .isEqualTo("GIF 100 100 2");
    }
}
