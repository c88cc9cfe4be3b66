package io.chatmedia.process.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.ImageFixtures;
import io.chatmedia.testsupport.ImageTools;
import io.chatmedia.testsupport.Ssim;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks one processed answer (a file) against an {@link Expect}: format, size, frames and frame delays, no EXIF/GPS,
 * then SSIM against each reference ImageMagick makes from the same source (the best counts), and the extra checks.
 * Every intermediate picture is written next to the answer, for a look when a case fails.
 */
final class ReferenceCheck {

    private ReferenceCheck() {}

    static void verify(String what, String fixture, Path answer, Expect expect, Path dir) throws Exception {
        List<String> frames =
                Arrays.asList(ImageTools.runText("identify", "-format", "%m %w %h %T\n", answer.toString())
                        .split("\n"));
        String[] first = frames.get(0).split(" ");
        assertThat(formatName(first[0])).as("format of %s", what).isEqualTo(expect.format);
        int width = Integer.parseInt(first[1]);
        int height = Integer.parseInt(first[2]);
        if (expect.sizeTolerance == 0) {
            assertThat(width + "x" + height).as("size of %s", what).isEqualTo(expect.width + "x" + expect.height);
        } else {
            assertThat(Math.abs(width - expect.width))
                    .as("width %d of %s", width, what)
                    .isLessThanOrEqualTo(expect.sizeTolerance);
            assertThat(Math.abs(height - expect.height))
                    .as("height %d of %s", height, what)
                    .isLessThanOrEqualTo(expect.sizeTolerance);
        }
        assertThat(frames).as("frames of %s", what).hasSize(expect.frames);
        if (expect.frames > 1) {
            assertThat(frames).as("frame delays (1/100 s) of %s", what).allSatisfy(frame -> assertThat(frame)
                    .endsWith(" 10"));
        }
        assertNoMetadata(answer, expect.format, what);

        Path source = referenceSource(fixture, dir);
        if (expect.frames > 1) {
            List<Path> answerFrames = coalesce(answer, dir.resolve("answer-frames"));
            List<Path> sourceFrames = coalesce(source, dir.resolve("source-frames"));
            assertThat(answerFrames).as("coalesced frames of %s", what).hasSize(expect.frames);
            int last = expect.frames - 1;
            compare(
                    what + " (first frame)",
                    answerFrames.get(0),
                    sourceFrames.get(0).toString(),
                    expect,
                    dir.resolve("first"));
            compare(
                    what + " (last frame)",
                    answerFrames.get(last),
                    sourceFrames.get(last).toString(),
                    expect,
                    dir.resolve("last"));
        } else {
            compare(what, answer, source + "[0]", expect, dir.resolve("still"));
        }
        BufferedImage decoded = Ssim.read(answer);
        for (Expect.Check check : expect.checks) {
            check.verify(answer, decoded);
        }
    }

    /** What references are made from: the fixture, or for HEIC/AVIF libheif's own decoding of it to PNG. */
    static Path referenceSource(String fixture, Path dir) {
        Path source = ImageFixtures.path(fixture).toAbsolutePath();
        if (fixture.endsWith(".heic") || fixture.endsWith(".avif")) {
            Path decoded = dir.resolve("source-heif-convert.png");
            if (!Files.exists(decoded)) {
                ImageTools.run("heif-convert", source.toString(), decoded.toString());
            }
            return decoded;
        }
        return source;
    }

    /** {@code convert <sourceInput> <args> png:<out>}, with {@code {fixture:NAME}} arguments made paths. */
    static Path reference(String sourceInput, List<String> args, Path out) {
        List<String> all = new ArrayList<>(List.of(sourceInput));
        for (String arg : args) {
            all.add(
                    arg.startsWith("{fixture:")
                            ? ImageFixtures.path(arg.substring(9, arg.length() - 1))
                                    .toAbsolutePath()
                                    .toString()
                            : arg);
        }
        all.add("png:" + out);
        ImageTools.run("convert", all.toArray(String[]::new));
        return out;
    }

    /** SSIM of one answer picture against the best of the references made from {@code sourceInput}. */
    private static void compare(String what, Path answer, String sourceInput, Expect expect, Path prefix) {
        BufferedImage got = Ssim.read(answer);
        double best = -1;
        BufferedImage bestReference = null;
        List<String> scores = new ArrayList<>();
        for (int i = 0; i < expect.references.size(); i++) {
            BufferedImage expected = Ssim.read(
                    reference(sourceInput, expect.references.get(i), Path.of(prefix + "-reference-" + i + ".png")));
            double ssim = Ssim.mean(sameSize(got, expected, answer, prefix), expected);
            scores.add(
                    String.format("%.4f for `convert <source> %s`", ssim, String.join(" ", expect.references.get(i))));
            if (ssim > best) {
                best = ssim;
                bestReference = expected;
            }
        }
        assertThat(best)
                .as("SSIM of %s: %s (answer and references in %s)", what, scores, prefix.getParent())
                .isGreaterThanOrEqualTo(expect.minSsim);
        if (expect.maxSsim < 1.0) {
            assertThat(best)
                    .as("SSIM of %s: it must differ from its reference", what)
                    .isLessThan(expect.maxSsim);
        }
        BufferedImage candidate = sameSize(got, bestReference, answer, prefix);
        if (expect.nearerThanSource) {
            Path plain = Path.of(prefix + "-unprocessed.png");
            ImageTools.run(
                    "convert",
                    sourceInput,
                    "-auto-orient",
                    "-resize",
                    candidate.getWidth() + "x" + candidate.getHeight() + "!",
                    "png:" + plain);
            double toSource = Ssim.mean(candidate, Ssim.read(plain));
            assertThat(best)
                    .as(
                            "%s must be nearer its reference (SSIM %.4f) than the unprocessed source (%.4f)",
                            what, best, toSource)
                    .isGreaterThan(toSource);
        }
        if (expect.region != null) {
            Rectangle r = expect.region;
            double ssim = Ssim.mean(
                    candidate.getSubimage(r.x, r.y, r.width, r.height),
                    bestReference.getSubimage(r.x, r.y, r.width, r.height));
            assertThat(ssim)
                    .as("SSIM of %s in %dx%d+%d+%d", what, r.width, r.height, r.x, r.y)
                    .isGreaterThanOrEqualTo(expect.minSsim);
        }
    }

    /** The answer as is when it has the reference's size, else scaled to it (only tolerated for odd rotations). */
    private static BufferedImage sameSize(BufferedImage got, BufferedImage expected, Path answer, Path prefix) {
        if (got.getWidth() == expected.getWidth() && got.getHeight() == expected.getHeight()) {
            return got;
        }
        Path scaled = Path.of(prefix + "-answer-scaled.png");
        ImageTools.run(
                "convert",
                answer + "[0]",
                "-resize",
                expected.getWidth() + "x" + expected.getHeight() + "!",
                "png:" + scaled);
        return Ssim.read(scaled);
    }

    private static List<Path> coalesce(Path animation, Path dir) throws IOException {
        Files.createDirectories(dir);
        ImageTools.run(
                "convert",
                animation.toString(),
                "-coalesce",
                "+adjoin",
                dir.resolve("%03d.png").toString());
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /**
     * Privacy by default: no EXIF (orientation, capture time, camera) and above all no GPS in any answer. A TIFF's
     * own directory is EXIF to exiftool (IFD0: sizes, strips, compression), so there only the camera's tags count:
     * the EXIF sub-directory, GPS, make, model, capture time, and an orientation other than normal.
     */
    private static void assertNoMetadata(Path answer, String format, String what) {
        String leaked = format.equals("TIFF")
                ? ImageTools.runText(
                                "exiftool",
                                "-s",
                                "-a",
                                "-G1",
                                "-exififd:all",
                                "-gps:all",
                                "-ifd0:Make",
                                "-ifd0:Model",
                                "-ifd0:Orientation",
                                "-DateTimeOriginal",
                                answer.toString())
                        .replaceAll("(?m)^\\[IFD0\\]\\s+Orientation\\s+: Horizontal \\(normal\\)$", "")
                        .trim()
                : ImageTools.runText("exiftool", "-s", "-a", "-G1", "-exif:all", "-gps:all", answer.toString());
        assertThat(leaked).as("EXIF/GPS left in %s", what).isEmpty();
        assertThat(ImageTools.runText("identify", "-format", "%[EXIF:*]", answer + "[0]"))
                .as("EXIF seen by ImageMagick in %s", what)
                .isEmpty();
    }

    /** ImageMagick's format names, with its BMP flavours as one. */
    private static String formatName(String magick) {
        return magick.startsWith("BMP") ? "BMP" : magick;
    }
}
