package io.chatmedia.process.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.process.natives.NativeLibraries;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import io.chatmedia.system.ApiException;
import io.chatmedia.testsupport.HostileVideos;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory budget of a video job (issue 14, item 2): estimated from the header before a frame is decoded, refused
 * with a 400 naming {@code chatmedia.process.video.max-job-memory}, and held by the decoder itself when the bitstream is
 * larger than the header said.
 */
class VideoMemoryTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    static Path folder;

    private static LocalDiskBlobStore store;

    @BeforeAll
    static void natives() throws IOException {
        NativeLibraries.loadFfmpeg(Path.of("target", "natives"));
        store = new LocalDiskBlobStore(folder);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "h264-640x360-gop25.mp4, 640, 360",
        "hevc-640x360.mp4, 640, 360",
        "vp9-320x180.webm, 320, 180",
        "av1-320x180.mkv, 320, 180",
        "mpeg4-320x180.avi, 320, 180",
    })
    void estimatesTheDecoderFromTheHeader(String file, int width, int height) throws IOException {
        Path source = Path.of("src/test/resources/video", file);
        Files.copy(source, folder.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        VideoHeader header = header(file);
        long frame = VideoMemory.frameBytes(width, height, header.pixelFormat());
        assertThat(frame)
                .as("one %s frame (pixel format %d)", file, header.pixelFormat())
                .isBetween((long) width * height * 3 / 2, (long) width * height * 3);
        assertThat(VideoMemory.decoderBytes(header)).isEqualTo(frame * VideoMemory.framesInFlight(header.videoCodec()));
    }

    @Test
    void aStreamWithoutAHeaderSizeIsAffordedWhatTheMostHungryCodecWouldLeave() {
        long budget = 640L * 1024 * 1024;
        long pixels = VideoMemory.affordablePixelsOfUnknownStream(budget);
        assertThat(pixels * 3 * VideoMemory.framesInFlight("h264")).isLessThanOrEqualTo(budget);
        assertThat((pixels + 4096) * 3 * VideoMemory.framesInFlight("h264")).isGreaterThan(budget);
        assertThat(VideoMemory.affordablePixelsOfUnknownStream(-1)).isZero();
    }

    @Test
    void theLargestFrameOfEachCodecIsWeighedByItsReferenceFrames() {
        assertThat(VideoMemory.framesInFlight("h264")).isEqualTo(19);
        assertThat(VideoMemory.framesInFlight("hevc")).isEqualTo(19);
        assertThat(VideoMemory.framesInFlight("vp9")).isEqualTo(11);
        assertThat(VideoMemory.framesInFlight("av1")).isEqualTo(11);
        assertThat(VideoMemory.framesInFlight("mpeg4")).isEqualTo(6);
        // 8192x4320 4:2:0 H.264 (the largest stream header allowed): 19 frames of 53 MB, over the 640 MB default
        assertThat(VideoMemory.frameBytes(8192, 4320, 0) * 19).isGreaterThan(VideoLimits.DEFAULT_JOB_BYTES);
        // a 4K 10-bit HEVC phone video fits, at full size (containers do not say the pixel format: 3 bytes a pixel)
        assertThat(VideoMemory.frameBytes(3840, 2160, -1) * 19 + VideoMemory.coverBytes(3840, 2160))
                .isLessThan(VideoLimits.DEFAULT_JOB_BYTES);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h264", "hevc", "vp9", "av1"})
    void aHeaderOverTheBudgetIsRefusedBeforeDecodingNamingTheSetting(String codec) throws Exception {
        String file = codec + "-claims-8192x4320.mp4";
        Files.write(folder.resolve(file), HostileVideos.claiming(HostileVideos.clip(codec, 64, 64), 8192, 4320));
        VideoHeader header = header(file);
        assertThat(header.codedWidth()).isEqualTo(8192);
        assertThatThrownBy(() -> frame(file, VideoLimits.DEFAULT, header, 64, 34))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
                .hasMessageContaining("decoding the 8192x4320 " + codec + " stream")
                .hasMessageContaining("over the 640 MB a job may use (chatmedia.process.video.max-job-memory)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h264", "hevc", "vp9", "av1"})
    void aHeaderClaiming16384x16384IsRefusedNamingTheLimit(String codec) throws Exception {
        String file = codec + "-claims-16384x16384.mp4";
        Files.write(folder.resolve(file), HostileVideos.claiming(HostileVideos.clip(codec, 64, 64), 16384, 16384));
        assertThatThrownBy(() -> header(file))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
                .hasMessage("video is 16384x16384, over the limit of 8192 px a side and 35389440 pixels");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h264", "hevc", "vp9", "av1"})
    void aBitstreamLargerThanItsHeaderIsRefusedByTheDecoder(String codec) throws Exception {
        String file = codec + "-640x640-claims-64x64.mp4";
        byte[] real = HostileVideos.clip(codec, 640, 640);
        Files.write(folder.resolve(file), HostileVideos.claiming(real, 64, 64));
        VideoHeader header = header(file);
        assertThat(header.codedWidth()).isEqualTo(64);
        // 2 MB: the header's 64x64 fits easily, the real 640x640 frames (19 x 600 KB for H.264) do not
        VideoLimits small = VideoLimits.DEFAULT.withMaxJobBytes(2 * MB);
        assertThatThrownBy(() -> frame(file, small, header, 64, 64))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400));
        // the same file within a budget that holds the real size decodes: the decoder's limit is what refused it
        BufferedImage decoded = frame(file, VideoLimits.DEFAULT, header, 64, 64);
        assertThat(decoded.getWidth()).isEqualTo(64);
    }

    @Test
    void aFrameOverTheFrameSizeLimitIsRefusedNamingTheSetting() throws Exception {
        String file = "h264-320x320.mp4";
        byte[] clip = HostileVideos.clip("h264", 320, 320);
        Files.write(folder.resolve(file), clip);
        VideoHeader header = header(file);
        assertThatThrownBy(() -> frame(file, VideoLimits.DEFAULT.withMaxFrameBytes(1024), header, 64, 64))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
                .hasMessageContaining("(chatmedia.process.video.max-frame-size)");
        assertThat(frame(file, VideoLimits.DEFAULT, header, 64, 64).getWidth()).isEqualTo(64);
    }

    private static VideoHeader header(String file) throws IOException {
        try (RangedBlobInputStream in = new RangedBlobInputStream(store, file, Files.size(folder.resolve(file)))) {
            return new VideoReader(VideoLimits.DEFAULT).header(in);
        }
    }

    private static BufferedImage frame(String file, VideoLimits limits, VideoHeader header, int width, int height)
            throws IOException {
        VideoReader reader = new VideoReader(limits);
        try (RangedBlobInputStream in = new RangedBlobInputStream(store, file, Files.size(folder.resolve(file)));
                VideoInput input = reader.open(in)) {
            return reader.frame(input, header, 0, true, width, height, "video/snapshot");
        }
    }
}
