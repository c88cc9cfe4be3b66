package io.chatmedia.process.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.process.natives.NativeLibraries;
import io.chatmedia.process.spec.ProcessParser;
import io.chatmedia.storage.local.LocalDiskBlobStore;
import io.chatmedia.system.ApiException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Covers from the committed fixtures (src/test/resources/video, see its README): the top half's colour names the
 * second (red, green, blue, yellow), the bottom band is black in the first half of each second and white after.
 */
class CoverRendererTest {

    private static final Path FIXTURES = Path.of("src/test/resources/video");
    private static LocalDiskBlobStore store;
    private final CoverRenderer renderer = new CoverRenderer(new VideoReader(VideoLimits.DEFAULT));

    @BeforeAll
    static void natives() throws IOException {
        NativeLibraries.loadFfmpeg(Path.of("target", "natives"));
        store = new LocalDiskBlobStore(FIXTURES);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "h264-640x360-gop25.mp4, 640, 360",
        "h264-moov-at-end.mp4, 640, 360",
        "hevc-640x360.mp4, 640, 360",
        "vp9-320x180.webm, 320, 180",
        "vp8-320x180.webm, 320, 180",
        "av1-320x180.mkv, 320, 180",
        "mpeg4-320x180.avi, 320, 180",
        "h263-176x144.3gp, 176, 144",
        "h264-320x180.mov, 320, 180",
        "h264-portrait-rotate90.mp4, 180, 320",
    })
    void rendersTheExactFrameAndTheKeyframeBeforeIt(String file, int width, int height) throws IOException {
        BufferedImage exact = render(file, "video/snapshot,t_1500,f_png");
        assertThat(exact.getWidth()).isEqualTo(width);
        assertThat(exact.getHeight()).isEqualTo(height);
        assertColour(exact, width / 2, height / 4, 0x00FF00, "second colour at 1.5 s");
        assertColour(exact, width / 2, 7 * height / 8, 0xFFFFFF, "half-second band of the exact frame");

        BufferedImage keyframe = render(file, "video/snapshot,t_1500,m_fast,f_png");
        assertColour(keyframe, width / 2, height / 4, 0x00FF00, "second colour of the keyframe");
        assertColour(keyframe, width / 2, 7 * height / 8, 0x000000, "half-second band of the keyframe at 1.0 s");
    }

    @Test
    void turnsAPortraitPhoneVideoUpright() throws IOException {
        BufferedImage cover = render("h264-portrait-rotate90.mp4", "video/snapshot,t_400,f_png");
        assertThat(cover.getWidth()).isEqualTo(180);
        assertThat(cover.getHeight()).isEqualTo(320);
        assertColour(cover, 90, 40, 0xFF0000, "the colour on top");
        assertColour(cover, 90, 300, 0x000000, "the band at the bottom");
    }

    @Test
    void forcesLandscapeOrPortraitWithAr() throws IOException {
        BufferedImage landscape = render("h264-portrait-rotate90.mp4", "video/snapshot,t_500,ar_w,f_png");
        assertThat(landscape.getWidth()).isGreaterThan(landscape.getHeight());
        BufferedImage portrait = render("h264-640x360-gop25.mp4", "video/snapshot,t_500,ar_h,f_png");
        assertThat(portrait.getHeight()).isGreaterThan(portrait.getWidth());
    }

    @ParameterizedTest
    @CsvSource({"h264-640x360-gop25.mp4, 0xFFFF00", "vp9-320x180.webm, 0x0000FF"})
    void answersTheLastFramePastTheEnd(String file, String lastColour) throws IOException {
        for (String mode : new String[] {"", ",m_fast"}) {
            BufferedImage last = render(file, "video/snapshot,t_999999" + mode + ",f_jpg");
            assertColour(last, last.getWidth() / 2, last.getHeight() / 4, Integer.decode(lastColour), "last second");
            assertColour(last, last.getWidth() / 2, 7 * last.getHeight() / 8, 0xFFFFFF, "last half second");
        }
    }

    @Test
    void scalesToTheAskedWidthKeepingTheAspect() throws IOException {
        BufferedImage cover = render("h264-640x360-gop25.mp4", "video/snapshot,t_0,w_260,f_jpg");
        assertThat(cover.getWidth()).isEqualTo(260);
        assertThat(cover.getHeight()).isEqualTo(146);
        BufferedImage byHeight = render("h264-640x360-gop25.mp4", "video/snapshot,t_0,h_90,f_png");
        assertThat(byHeight.getWidth()).isEqualTo(160);
        BufferedImage both = render("h264-640x360-gop25.mp4", "video/snapshot,t_0,w_100,h_100,f_png");
        assertThat(both.getWidth()).isEqualTo(100);
        assertThat(both.getHeight()).isEqualTo(100);
    }

    @ParameterizedTest(name = "{0} at w_{1}")
    @CsvSource({
        "h264-640x360-gop25.mp4, 1",
        "h264-640x360-gop25.mp4, 2",
        "h264-640x360-gop25.mp4, 17",
        "h264-640x360-gop25.mp4, 38",
        "h264-640x360-gop25.mp4, 39",
        "h264-640x360-gop25.mp4, 47",
        "h264-640x360-gop25.mp4, 66",
        "h264-640x360-gop25.mp4, 95",
        "h264-640x360-gop25.mp4, 130",
        "h264-640x360-gop25.mp4, 144",
        "h264-640x360-gop25.mp4, 259",
        "h264-640x360-gop25.mp4, 333",
        "h264-640x360-gop25.mp4, 401",
        "vp9-320x180.webm, 3",
        "vp9-320x180.webm, 41",
        "vp9-320x180.webm, 131",
        "vp9-320x180.webm, 257",
        "vp9-320x180.webm, 319",
    })
    void scalesToAnyWidthWithoutScramblingTheRows(String file, int width) throws IOException {
        for (String mode : new String[] {"", ",m_fast"}) {
            BufferedImage cover = render(file, "video/snapshot,t_1500" + mode + ",w_" + width + ",f_png");
            assertThat(cover.getWidth()).isEqualTo(width);
            if (width >= 8) {
                for (int x = width / 4; x <= 3 * width / 4; x += Math.max(1, width / 8)) {
                    assertColour(cover, x, cover.getHeight() / 4, 0x00FF00, "second colour across the row at x " + x);
                }
            }
        }
    }

    @Test
    void readsOnlyTheIndexAndOneGopOfAVideoWithItsIndexAtTheEnd() throws IOException {
        long size = Files.size(FIXTURES.resolve("h264-moov-at-end.mp4"));
        try (RangedBlobInputStream in = new RangedBlobInputStream(store, "h264-moov-at-end.mp4", size)) {
            VideoHeader header = new VideoReader(VideoLimits.DEFAULT).header(in);
            assertThat(header.durationMs()).isEqualTo(4000);
            assertThat(header.videoCodec()).isEqualTo("h264");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"text.mp4", "zero.mp4", "truncated.mp4", "huge-16384x16384.avi"})
    void refusesFilesThatAreNotReadableVideos(String file) {
        assertThatThrownBy(() -> render(file, "video/snapshot,t_0,f_png"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400));
    }

    @Test
    void refusesAnAudioOnlyFileNamingTheAction() {
        assertThatThrownBy(() -> render("audio-only.m4a", "video/snapshot,t_0,f_png"))
                .isInstanceOf(ApiException.class)
                .hasMessage("video/snapshot: the file has no video stream");
    }

    @Test
    void refusesAWidthAboveTheVideos() {
        assertThatThrownBy(() -> render("vp9-320x180.webm", "video/snapshot,t_0,w_321"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("w must be at most the video's width (320)");
    }

    @Test
    void answersACorruptGopWithAFrameOrA400NeverAnotherFailure() {
        try {
            BufferedImage cover = render("corrupt-gop.mp4", "video/snapshot,t_1500,f_png");
            assertThat(cover.getWidth()).isEqualTo(320);
        } catch (ApiException e) {
            assertThat(e.status().value()).isEqualTo(400);
        } catch (IOException e) {
            throw new AssertionError("a decoder error must be a 400, not " + e, e);
        }
    }

    private BufferedImage render(String file, String process) throws IOException {
        long size = Files.size(FIXTURES.resolve(file));
        byte[] image = renderer.render(
                store,
                file,
                size,
                SnapshotSpec.of(ProcessParser.parse(process).actions().get(0)));
        return ImageIO.read(new ByteArrayInputStream(image));
    }

    private static void assertColour(BufferedImage image, int x, int y, int expected, String what) {
        int actual = image.getRGB(x, y) & 0xFFFFFF;
        for (int shift = 0; shift <= 16; shift += 8) {
            int a = (actual >> shift) & 0xFF;
            int e = (expected >> shift) & 0xFF;
            assertThat(Math.abs(a - e))
                    .as("%s: %06x, expected %06x", what, actual, expected)
                    .isLessThanOrEqualTo(12);
        }
    }
}
