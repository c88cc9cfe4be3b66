package io.chatmedia.process.image.heif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;

/**
 * Decodes the committed fixtures (src/test/resources/image/heif, see its README) and checks their size and the
 * colour of every region of their pattern, at its centre and 6 px inside its corners, where the transformations
 * put it: a tile out of place, a missing crop, a wrong turn or mirror, or video-range colours all show.
 */
class HeifDecoderTest {

    private static final Path FIXTURES = Path.of("src/test/resources/image/heif");
    /** pattern.py's: mid-tones, which a wrong YCbCr range or matrix moves by 12 or more. */
    private static final int[][] PALETTE = {
        {200, 40, 40},
        {40, 180, 60},
        {40, 60, 200},
        {210, 200, 50},
        {190, 50, 180},
        {50, 190, 200},
        {208, 208, 208},
        {48, 48, 48}
    };
    /** At a region's centre only the coding's own error shows; 6 px from an edge, 4:2:0 chroma blurs a little. */
    private static final int CENTRE_TOLERANCE = 8;

    private static final int EDGE_TOLERANCE = 24;
    private static final long PLENTY = 50_000_000;

    @BeforeAll
    static void natives() {
        Loader.load(avformat.class);
        Loader.load(opencv_core.class);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, upright width, height, codec, tiles, pattern, stored width, height, cell, irot, imir (-1: none)
        "hevc-640x480.heic, 640, 480, hevc, 1, quadrants, 640, 480, 0, 0, -1",
        "hevc-640x480-irot90.heic, 480, 640, hevc, 1, quadrants, 640, 480, 0, 1, -1",
        "hevc-640x480-imir-lr.heic, 640, 480, hevc, 1, quadrants, 640, 480, 0, 0, 1",
        "hevc-640x480-irot90-imir-tb.heic, 480, 640, hevc, 1, quadrants, 640, 480, 0, 1, 0",
        "hevc-640x480-thumbnail.heic, 640, 480, hevc, 1, quadrants, 640, 480, 0, 0, -1",
        "hevc-641x479.heic, 641, 479, hevc, 1, quadrants, 641, 479, 0, 0, -1",
        "hevc-grid-720x480.heic, 720, 480, hevc, 6, cells, 720, 480, 240, 0, -1",
        "hevc-grid-4032x3024-irot270.heic, 3024, 4032, hevc, 48, cells, 4032, 3024, 504, 3, -1",
        "av1-640x480.avif, 640, 480, av1, 1, quadrants, 640, 480, 0, 0, -1",
        "av1-grid-640x480.avif, 640, 480, av1, 4, cells, 640, 480, 200, 0, -1",
    })
    void probesAndDecodesThePrimaryImageUpright(
            String file,
            int width,
            int height,
            String codec,
            int tiles,
            String pattern,
            int storedWidth,
            int storedHeight,
            int cell,
            int irot,
            int imir)
            throws IOException {
        byte[] bytes = fixture(file);
        assertThat(HeifDecoder.probe(bytes)).isEqualTo(new HeifInfo(width, height, false, codec, tiles));

        long start = System.nanoTime();
        try (Mat image = HeifDecoder.decode(bytes, PLENTY)) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("%s: %dx%d, %d tiles, decoded in %d ms (first call)%n", file, width, height, tiles, ms);
            assertThat(image.type()).isEqualTo(opencv_core.CV_8UC3);
            assertThat(image.isContinuous()).isTrue();
            assertThat(image.cols()).isEqualTo(width);
            assertThat(image.rows()).isEqualTo(height);
            Pattern p = new Pattern(pattern, storedWidth, storedHeight, cell, irot, imir);
            List<int[]> points = p.samplePoints();
            for (int i = 0; i < points.size(); i++) {
                int[] point = points.get(i);
                int[] at = p.upright(point[0], point[1]);
                assertColour(
                        image,
                        at[0],
                        at[1],
                        p.colour(point[0], point[1]),
                        i % 5 == 0 ? CENTRE_TOLERANCE : EDGE_TOLERANCE,
                        "stored (" + point[0] + ", " + point[1] + ")");
            }
        }
    }

    @Test
    void takesThePrimaryImageNotItsThumbnail() throws IOException {
        // heif-enc writes its 64x48 thumbnail as a one-tile grid: the file's only grid, but not its primary image
        HeifInfo info = HeifDecoder.probe(fixture("hevc-640x480-thumbnail.heic"));
        assertThat(info.width()).isEqualTo(640);
        assertThat(info.tiles()).isEqualTo(1);
    }

    @Test
    void refusesWhatIsNotAHeifImage() throws IOException {
        byte[] text = "just some text, not an image at all\n".getBytes(StandardCharsets.UTF_8);
        byte[] mp4 = Files.readAllBytes(Path.of("src/test/resources/video/h264-320x180.mov"));
        byte[] avi = Files.readAllBytes(Path.of("src/test/resources/video/mpeg4-320x180.avi"));
        for (byte[] bytes : List.of(text, mp4, avi, new byte[0], new byte[16])) {
            assertBadRequest(() -> HeifDecoder.probe(bytes), "not a HEIF/AVIF image");
            assertBadRequest(() -> HeifDecoder.decode(bytes, PLENTY), "not a HEIF/AVIF image");
        }
    }

    @Test
    void refusesTruncatedFiles() throws IOException {
        for (String file : List.of("hevc-640x480.heic", "hevc-grid-720x480.heic", "av1-grid-640x480.avif")) {
            byte[] bytes = fixture(file);
            for (int length : new int[] {24, 200, bytes.length / 2, bytes.length - 1}) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertBadRequest(() -> HeifDecoder.decode(cut, PLENTY), "");
                if (length > bytes.length / 2) {
                    assertBadRequest(() -> HeifDecoder.probe(cut), "cut short"); // the header is whole
                }
            }
        }
    }

    @Test
    void refusesAnImageOverThePixelLimitBeforeDecodingIt() throws IOException {
        byte[] bytes = fixture("hevc-grid-4032x3024-irot270.heic");
        assertBadRequest(
                () -> HeifDecoder.decode(bytes, 12_000_000),
                "the image is 3024x4032, over the limit of 12000000 pixels");

        // with its coded pictures zeroed it cannot be decoded: yet the limit is what answers, so it came first
        byte[] zeroed = fixture("hevc-grid-720x480.heic");
        int mdat = indexOf(zeroed, "mdat".getBytes(StandardCharsets.ISO_8859_1));
        Arrays.fill(zeroed, mdat + 4, zeroed.length, (byte) 0);
        assertBadRequest(() -> HeifDecoder.decode(zeroed, PLENTY), "cannot be decoded");
        assertBadRequest(() -> HeifDecoder.decode(zeroed, 720 * 480 - 1), "over the limit");
        try (Mat image = HeifDecoder.decode(fixture("hevc-grid-720x480.heic"), 720 * 480)) {
            assertThat(image.cols()).isEqualTo(720);
        }
    }

    @Test
    void refusesAPictureFarLargerThanItsHeaderSays() throws IOException {
        byte[] bytes = withSize(fixture("hevc-640x480.heic"), 64, 48); // 640x480 coded, 64x48 in ispe
        assertThat(HeifDecoder.probe(bytes).width()).isEqualTo(64);
        assertBadRequest(() -> HeifDecoder.decode(bytes, PLENTY), "cannot be decoded");
    }

    @Test
    void fillsWhatNoPictureCoversWithTheBackground() throws IOException {
        byte[] bytes = withSize(fixture("hevc-640x480.heic"), 700, 500); // 640x480 coded, 700x500 in ispe
        try (Mat image = HeifDecoder.decode(bytes, PLENTY)) {
            assertThat(image.cols()).isEqualTo(700);
            assertColour(image, 160, 120, PALETTE[0], CENTRE_TOLERANCE, "the picture");
            for (int[] at : new int[][] {{680, 10}, {10, 490}, {699, 499}, {645, 485}}) {
                assertColour(image, at[0], at[1], new int[] {0, 0, 0}, 0, "background");
            }
        }
    }

    /** The file with its (only) ispe property saying {@code width} x {@code height}. */
    private static byte[] withSize(byte[] file, int width, int height) {
        int at = indexOf(file, "ispe".getBytes(StandardCharsets.ISO_8859_1)) + 8; // past type, version and flags
        byte[] copy = file.clone();
        for (int i = 0; i < 4; i++) {
            copy[at + i] = (byte) (width >>> (24 - 8 * i));
            copy[at + 4 + i] = (byte) (height >>> (24 - 8 * i));
        }
        return copy;
    }

    @Test
    void decodesConcurrently() throws Exception {
        List<byte[]> files = List.of(
                fixture("hevc-grid-720x480.heic"),
                fixture("av1-grid-640x480.avif"),
                fixture("hevc-640x480-irot90.heic"),
                fixture("av1-640x480.avif"));
        List<String> expected = new ArrayList<>();
        for (byte[] bytes : files) {
            expected.add(summary(bytes));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] bytes = files.get(i % files.size());
                results.add(pool.submit(() -> summary(bytes)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(expected.get(i % files.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Size and a few pixels: equal for two decodes of the same file. */
    private static String summary(byte[] bytes) {
        try (Mat image = HeifDecoder.decode(bytes, PLENTY)) {
            return image.cols() + "x" + image.rows() + Arrays.toString(bgr(image, 10, 10))
                    + Arrays.toString(bgr(image, image.cols() / 2, image.rows() / 2))
                    + Arrays.toString(bgr(image, image.cols() - 10, image.rows() - 10));
        }
    }

    @Test
    void decodingAgainAndAgainDoesNotGrowTheProcess() throws IOException {
        byte[] grid = fixture("hevc-grid-720x480.heic");
        byte[] avif = fixture("av1-grid-640x480.avif");
        byte[] cut = Arrays.copyOf(grid, grid.length - 100);
        byte[] zeroed = grid.clone();
        Arrays.fill(zeroed, indexOf(zeroed, "mdat".getBytes(StandardCharsets.ISO_8859_1)) + 4, zeroed.length, (byte) 0);
        Runnable round = () -> {
            try (Mat a = HeifDecoder.decode(grid, PLENTY);
                    Mat b = HeifDecoder.decode(avif, PLENTY)) {
                assertThat(a.cols() + b.cols()).isEqualTo(1360);
            }
            assertThatThrownBy(() -> HeifDecoder.decode(cut, PLENTY)).isInstanceOf(ApiException.class);
            assertThatThrownBy(() -> HeifDecoder.decode(zeroed, PLENTY)).isInstanceOf(ApiException.class);
        };
        for (int i = 0; i < 20; i++) {
            round.run(); // warm up: code, allocator arenas, decoder tables
        }
        long before = rssKb();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            round.run();
        }
        long after = rssKb();
        System.out.printf(
                "200 rounds (grid HEIC, grid AVIF, a cut and an undecodable file) in %d ms; VmRSS %d -> %d kB%n",
                (System.nanoTime() - start) / 1_000_000, before, after);
        // each round makes 1.9 MB of images: leaking them (or a decoder) would add hundreds of MB
        assertThat(after - before).isLessThan(64 * 1024);
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    /** The fixtures' pictures, as pattern.py draws them, and where irot/imir move a stored pixel. */
    private record Pattern(String kind, int width, int height, int cell, int irot, int imir) {

        int[] colour(int x, int y) {
            if (kind.equals("quadrants")) {
                return PALETTE[(x >= width / 2 ? 1 : 0) + (y >= height / 2 ? 2 : 0)];
            }
            return PALETTE[(x / cell + 3 * (y / cell)) % 8];
        }

        /** Each region's centre, then the points 6 px inside its corners. */
        List<int[]> samplePoints() {
            List<int[]> regions = new ArrayList<>();
            if (kind.equals("quadrants")) {
                int w = width / 2;
                int h = height / 2;
                regions.addAll(List.of(
                        new int[] {0, 0, w, h},
                        new int[] {w, 0, width - w, h},
                        new int[] {0, h, w, height - h},
                        new int[] {w, h, width - w, height - h}));
            } else {
                for (int y = 0; y < height; y += cell) {
                    for (int x = 0; x < width; x += cell) {
                        regions.add(new int[] {x, y, Math.min(cell, width - x), Math.min(cell, height - y)});
                    }
                }
            }
            List<int[]> points = new ArrayList<>();
            for (int[] r : regions) {
                points.add(new int[] {r[0] + r[2] / 2, r[1] + r[3] / 2});
                points.add(new int[] {r[0] + 6, r[1] + 6});
                points.add(new int[] {r[0] + r[2] - 7, r[1] + 6});
                points.add(new int[] {r[0] + 6, r[1] + r[3] - 7});
                points.add(new int[] {r[0] + r[2] - 7, r[1] + r[3] - 7});
            }
            return points;
        }

        /** irot: quarter turns anticlockwise; then imir 0 swaps top and bottom, 1 left and right. */
        int[] upright(int x, int y) {
            int w = width;
            int h = height;
            for (int i = 0; i < irot; i++) {
                int nx = y;
                y = w - 1 - x;
                x = nx;
                int t = w;
                w = h;
                h = t;
            }
            if (imir == 0) {
                y = h - 1 - y;
            } else if (imir == 1) {
                x = w - 1 - x;
            }
            return new int[] {x, y};
        }
    }

    private static void assertColour(Mat image, int x, int y, int[] rgb, int tolerance, String what) {
        int[] bgr = bgr(image, x, y);
        int diff = Math.max(Math.abs(bgr[2] - rgb[0]), Math.max(Math.abs(bgr[1] - rgb[1]), Math.abs(bgr[0] - rgb[2])));
        assertThat(diff)
                .as("%s at (%d, %d): BGR %s, expected RGB %s", what, x, y, Arrays.toString(bgr), Arrays.toString(rgb))
                .isLessThanOrEqualTo(tolerance);
    }

    private static int[] bgr(Mat image, int x, int y) {
        var pixel = image.ptr(y, x);
        return new int[] {pixel.get(0) & 0xFF, pixel.get(1) & 0xFF, pixel.get(2) & 0xFF};
    }

    private static void assertBadRequest(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    private static int indexOf(byte[] bytes, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= bytes.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(FIXTURES.resolve(name));
    }
}
