package io.chatmedia.process.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import io.chatmedia.testsupport.ImageTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Encodes synthetic frames and decodes them back with FFmpeg's libaom decoder (converting with the colour range and
 * matrix the file declares), so a wrong tag shows as a wrong colour.
 */
class AvifEncoderIT {

    private static final int TOLERANCE = 6;
    private static final int[] RED = {0, 0, 255};
    private static final int[] GREEN = {0, 255, 0};
    private static final int[] BLUE = {255, 0, 0};
    private static final int[] GREY = {200, 200, 200}; // not white: a range mix-up would clip white to white
    private static final int[] ORANGE = {40, 140, 250};

    @TempDir
    Path temp;

    @BeforeAll
    static void natives() {
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            System.setProperty(
                    "org.bytedeco.javacpp.cachedir",
                    Path.of("target", "natives").toAbsolutePath().toString());
        }
        Loader.load(avformat.class);
        av_log_set_level(AV_LOG_ERROR);
    }

    @ParameterizedTest(name = "{0}x{1} through {2}")
    @CsvSource({"640, 480, libsvtav1", "641, 481, libsvtav1", "64, 64, libsvtav1", "63, 200, libaom-av1"})
    void keepsFourColouredQuadrants(int width, int height, String encoder) throws IOException {
        assertThat(AvifEncoder.encoderFor(width, height)).isEqualTo(encoder);
        Decoded decoded = decode(AvifEncoder.encode(quadrants(width, height, 3), 80));

        assertThat(decoded.width).isEqualTo(width);
        assertThat(decoded.height).isEqualTo(height);
        assertColour(decoded, width / 4, height / 4, RED);
        assertColour(decoded, 3 * width / 4, height / 4, GREEN);
        assertColour(decoded, width / 4, 3 * height / 4, BLUE);
        assertColour(decoded, 3 * width / 4, 3 * height / 4, GREY);
    }

    @ParameterizedTest(name = "{0}x{1} through {2}")
    @CsvSource({
        "1, 1, libaom-av1",
        "3, 5, libaom-av1",
        "16384, 1, libaom-av1",
        "1, 16384, libaom-av1",
        "70, 8800, libaom-av1",
        "100, 8704, libsvtav1"
    })
    void encodesEverySizeOneEncoderOrTheOtherTakes(int width, int height, String encoder) throws IOException {
        assertThat(AvifEncoder.encoderFor(width, height)).isEqualTo(encoder);
        Decoded decoded = decode(AvifEncoder.encode(solid(width, height, ORANGE), 80));

        assertThat(decoded.width).isEqualTo(width);
        assertThat(decoded.height).isEqualTo(height);
        for (int[] xy : new int[][] {{0, 0}, {width - 1, height - 1}, {width / 2, height / 2}}) {
            assertColour(decoded, xy[0], xy[1], ORANGE);
        }
    }

    @Test
    void tagsFullRangeBt601InTheStream() throws IOException {
        Decoded decoded = decode(AvifEncoder.encode(quadrants(64, 48, 3), 80));

        assertThat(decoded.colorRange).isEqualTo(AVCOL_RANGE_JPEG);
        assertThat(decoded.colorspace).isEqualTo(AVCOL_SPC_SMPTE170M);
        assertThat(decoded.primaries).isEqualTo(AVCOL_PRI_BT709);
        assertThat(decoded.transfer).isEqualTo(AVCOL_TRC_IEC61966_2_1);
    }

    @Test
    void dropsAlphaAndReadsRowsOfAWiderFrame() throws IOException {
        Mat bgra = quadrants(320, 240, 4);
        Decoded fromBgra = decode(AvifEncoder.encode(bgra, 80));
        assertColour(fromBgra, 80, 60, RED);
        assertColour(fromBgra, 240, 180, GREY);

        Mat wide = quadrants(400, 240, 3);
        Mat region = new Mat(wide, new Rect(0, 0, 200, 240)); // not continuous: the left half, red over blue
        Decoded fromRegion = decode(AvifEncoder.encode(region, 80));
        assertThat(fromRegion.width).isEqualTo(200);
        assertColour(fromRegion, 100, 60, RED);
        assertColour(fromRegion, 100, 180, BLUE);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"256, 192", "40, 30"})
    void lowQualityGivesASmallerFile(int width, int height) {
        Mat photo = photoLike(width, height);
        assertThat(AvifEncoder.encode(photo, 10).length).isLessThan(AvifEncoder.encode(photo, 90).length);
    }

    @Test
    void mapsQualityToCrfOnTwoLines() {
        assertThat(AvifEncoder.crf(1)).isEqualTo(63);
        assertThat(AvifEncoder.crf(80)).isEqualTo(28);
        assertThat(AvifEncoder.crf(100)).isEqualTo(10);
        for (int q = 2; q <= 100; q++) {
            assertThat(AvifEncoder.crf(q)).isLessThanOrEqualTo(AvifEncoder.crf(q - 1));
        }
    }

    @Test
    void startsWithAnAvifFileTypeBox() {
        byte[] avif = AvifEncoder.encode(quadrants(64, 64, 3), 80);

        assertThat(new String(avif, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(new String(avif, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("avif");
    }

    @Test
    void debianFfprobeReadsIt() throws Exception {
        Path ffprobe = Path.of(ImageTools.path("ffprobe"));
        Path file = Files.write(temp.resolve("q.avif"), AvifEncoder.encode(quadrants(641, 481, 3), 80));

        Process probe = new ProcessBuilder(
                        ffprobe.toString(),
                        "-v",
                        "error",
                        "-show_entries",
                        "stream=codec_name,width,height,color_range,color_space",
                        "-of",
                        "default=nw=1",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(probe.waitFor()).as(out).isZero();
        assertThat(out)
                .contains("codec_name=av1", "width=641", "height=481", "color_range=pc", "color_space=smpte170m");
    }

    @Test
    void concurrentEncodesDoNotDisturbEachOther() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int width = i % 2 == 0 ? 256 : 48; // both encoders
                results.add(pool.submit(() -> AvifEncoder.encode(quadrants(width, 192, 3), 80)));
            }
            for (int i = 0; i < results.size(); i++) {
                Decoded decoded = decode(results.get(i).get());
                int width = i % 2 == 0 ? 256 : 48;
                assertThat(decoded.width).isEqualTo(width);
                assertColour(decoded, width / 4, 48, RED);
                assertColour(decoded, 3 * width / 4, 144, GREY);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHundredEncodesLeaveResidentMemoryAlone() throws IOException {
        Mat photo = photoLike(256, 192);
        Mat small = photoLike(48, 48);
        for (int i = 0; i < 10; i++) {
            AvifEncoder.encode(i % 2 == 0 ? photo : small, 80);
        }
        long before = residentKb();
        for (int i = 0; i < 100; i++) {
            AvifEncoder.encode(i % 2 == 0 ? photo : small, 80);
        }
        long grown = residentKb() - before;

        assertThat(grown).as("VmRSS growth in kB over 100 encodes").isLessThan(64 * 1024);
    }

    @Test
    void refusesWhatItCannotEncode() {
        assertThatThrownBy(() -> AvifEncoder.encode(new Mat(8, 8, opencv_core.CV_8UC1), 80))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BGR");
        assertThatThrownBy(() -> AvifEncoder.encode(new Mat(), 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AvifEncoder.encode(new Mat(16385, 1, opencv_core.CV_8UC3), 80))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16384");
        assertThatThrownBy(() -> AvifEncoder.encode(quadrants(8, 8, 3), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quality");
    }

    // --- frames

    private static Mat solid(int width, int height, int[] bgr) {
        return fill(width, height, 3, (x, y) -> bgr);
    }

    /** Red, green over blue, light grey. */
    private static Mat quadrants(int width, int height, int channels) {
        return fill(
                width,
                height,
                channels,
                (x, y) -> y < height / 2 ? (x < width / 2 ? RED : GREEN) : (x < width / 2 ? BLUE : GREY));
    }

    /** Smooth gradients, hard edges and some noise, so quality changes the size. */
    private static Mat photoLike(int width, int height) {
        Random random = new Random(7);
        return fill(width, height, 3, (x, y) -> {
            double fx = x / (double) width;
            double fy = y / (double) height;
            int edge = ((x / 16) + (y / 16)) % 3 == 0 ? 60 : 0;
            return new int[] {
                (int) (128 + 90 * Math.sin(fx * 9)) + edge / 2,
                (int) (128 + 90 * Math.cos(fy * 7)),
                (int) (128 + 90 * Math.sin((fx + fy) * 13)) - edge + (int) (random.nextGaussian() * 8)
            };
        });
    }

    private interface Pixels {
        int[] bgr(int x, int y);
    }

    private static Mat fill(int width, int height, int channels, Pixels pixels) {
        byte[] data = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] bgr = pixels.bgr(x, y);
                int i = (y * width + x) * channels;
                for (int c = 0; c < 3; c++) {
                    data[i + c] = (byte) Math.max(0, Math.min(255, bgr[c]));
                }
                if (channels == 4) {
                    data[i + 3] = (byte) (x % 2 == 0 ? 255 : 0);
                }
            }
        }
        Mat mat = new Mat(height, width, channels == 4 ? opencv_core.CV_8UC4 : opencv_core.CV_8UC3);
        new BytePointer(mat.data()).capacity(data.length).put(data);
        return mat;
    }

    // --- decoding

    private record Decoded(
            int width, int height, byte[] bgr, int colorRange, int colorspace, int primaries, int transfer) {
        int[] at(int x, int y) {
            int i = (y * width + x) * 3;
            return new int[] {bgr[i] & 0xFF, bgr[i + 1] & 0xFF, bgr[i + 2] & 0xFF};
        }
    }

    private static void assertColour(Decoded decoded, int x, int y, int[] expected) {
        int[] actual = decoded.at(x, y);
        for (int c = 0; c < 3; c++) {
            assertThat(actual[c])
                    .as("BGR %s at %d,%d, expected %s", Arrays.toString(actual), x, y, Arrays.toString(expected))
                    .isCloseTo(expected[c], offset(TOLERANCE));
        }
    }

    /** The first frame, through libaom's decoder (this FFmpeg's own AV1 decoder needs hardware), as packed BGR. */
    private Decoded decode(byte[] avif) throws IOException {
        Path file = Files.write(Files.createTempFile(temp, "frame", ".avif"), avif);
        AVFormatContext format = new AVFormatContext(null);
        AVCodecContext codec = null;
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        SwsContext sws = null;
        try {
            check(avformat_open_input(format, file.toString(), null, (AVDictionary) null), "open");
            AVCodec decoder = avcodec_find_decoder_by_name("libaom-av1");
            codec = avcodec_alloc_context3(decoder);
            check(avcodec_parameters_to_context(codec, format.streams(0).codecpar()), "parameters");
            check(avcodec_open2(codec, decoder, (AVDictionary) null), "open decoder");
            boolean got = false;
            while (!got && av_read_frame(format, packet) >= 0) {
                check(avcodec_send_packet(codec, packet), "send");
                av_packet_unref(packet);
                got = avcodec_receive_frame(codec, frame) >= 0;
            }
            if (!got) {
                check(avcodec_send_packet(codec, null), "flush");
                check(avcodec_receive_frame(codec, frame), "receive");
            }
            int width = frame.width();
            int height = frame.height();
            sws = sws_getContext(
                    width, height, frame.format(), width, height, AV_PIX_FMT_BGR24, SWS_POINT, null, null, (double[])
                            null);
            int matrix = frame.colorspace() == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_ITU601;
            check(
                    sws_setColorspaceDetails(
                            sws,
                            sws_getCoefficients(matrix),
                            frame.color_range() == AVCOL_RANGE_JPEG ? 1 : 0,
                            sws_getCoefficients(SWS_CS_ITU601),
                            1,
                            0,
                            1 << 16,
                            1 << 16),
                    "colour details");
            byte[] bgr = new byte[width * height * 3];
            int stride = (width * 3 + 63) / 64 * 64; // swscale's vector code writes whole blocks: padded rows
            try (BytePointer out = new BytePointer((long) stride * height + 64);
                    PointerPointer<BytePointer> planes = new PointerPointer<>(out, null, null, null);
                    IntPointer strides = new IntPointer(stride, 0, 0, 0)) {
                check(sws_scale(sws, frame.data(), frame.linesize(), 0, height, planes, strides), "scale");
                for (int y = 0; y < height; y++) {
                    out.position((long) y * stride).get(bgr, y * width * 3, width * 3);
                }
            }
            return new Decoded(
                    width,
                    height,
                    bgr,
                    frame.color_range(),
                    frame.colorspace(),
                    frame.color_primaries(),
                    frame.color_trc());
        } finally {
            if (sws != null) {
                sws_freeContext(sws);
            }
            av_frame_free(frame);
            av_packet_free(packet);
            if (codec != null) {
                avcodec_free_context(codec);
            }
            if (!format.isNull()) {
                avformat_close_input(format);
            }
        }
    }

    private static void check(int ret, String what) {
        assertThat(ret).as("FFmpeg %s", what).isGreaterThanOrEqualTo(0);
    }

    private static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
