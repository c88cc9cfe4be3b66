package io.chatmedia.process.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatmedia.testsupport.ImageFixtures;
import io.chatmedia.testsupport.ImageTools;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one processed answer must be, for {@link ImageReferenceIT}: its format and size, and how ImageMagick makes
 * the picture it must look like from the same source ({@code convert <source>[0] <args> ref.png}; for animations,
 * from the source's first and last coalesced frames). Several argument lists are alternatives (the best SSIM counts),
 * e.g. both centrings of an odd leftover.
 */
final class Expect {

    /** An extra assertion on the answer: its file and its first frame as decoded for SSIM. */
    interface Check {
        void verify(Path answer, BufferedImage firstFrame) throws Exception;
    }

    final String format;
    final int width;
    final int height;
    final List<List<String>> references = new ArrayList<>();
    int sizeTolerance;
    int frames = 1;
    double minSsim = ImageReferenceIT.MIN_SSIM;
    double maxSsim = 1.0;
    boolean nearerThanSource;
    Rectangle region;
    final List<Check> checks = new ArrayList<>();

    private Expect(String format, int width, int height, List<String> reference) {
        this.format = format;
        this.width = width;
        this.height = height;
        this.references.add(reference);
    }

    /** An answer in {@code format} (ImageMagick's name: JPEG, PNG, WEBP, GIF, BMP, TIFF) of this size. */
    static Expect of(String format, int width, int height, String... reference) {
        return new Expect(format, width, height, List.of(reference));
    }

    static Expect of(String format, int width, int height, List<List<String>> references) {
        Expect expect = new Expect(format, width, height, references.get(0));
        expect.references.addAll(references.subList(1, references.size()));
        return expect;
    }

    /**
     * Sides may differ from the expected size by this many pixels (only non-right rotations, whose canvas size
     * tools round differently); the answer is then scaled to the reference's size before the comparison.
     */
    Expect sizeWithin(int pixels) {
        sizeTolerance = pixels;
        return this;
    }

    /** Animated: this many frames, each 100 ms as in the source. */
    Expect frames(int count) {
        frames = count;
        return this;
    }

    /** SSIM against the reference must lie in [min, max) rather than be at least {@link ImageReferenceIT#MIN_SSIM}. */
    Expect ssimBetween(double min, double max) {
        minSsim = min;
        maxSsim = max;
        return this;
    }

    /**
     * The answer must also be nearer (by SSIM) to the reference than to the unprocessed source at the same size: for
     * actions so gentle (sharpen, a small blur) that doing nothing would still pass the threshold.
     */
    Expect nearerThanSource() {
        nearerThanSource = true;
        return this;
    }

    /** Also compare this rectangle alone (e.g. where a watermark lands), at the same threshold. */
    Expect region(int x, int y, int w, int h) {
        region = new Rectangle(x, y, w, h);
        return this;
    }

    Expect check(Check check) {
        checks.add(check);
        return this;
    }

    @Override
    public String toString() {
        return format + " " + width + "x" + height + (frames > 1 ? " " + frames + " frames" : "");
    }

    // ---- checks

    /** The pixel is white (each channel above 240), as transparent parts must become in formats without alpha. */
    static Check whiteAt(int x, int y) {
        return (answer, image) -> {
            int p = image.getRGB(x, y);
            assertThat(List.of((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF))
                    .as("colour at (%d,%d) of %s", x, y, answer)
                    .allSatisfy(c -> assertThat(c).isGreaterThan(240));
        };
    }

    /** The pixel is (nearly) fully transparent. */
    static Check transparentAt(int x, int y) {
        return (answer, image) -> assertThat(image.getRGB(x, y) >>> 24)
                .as("alpha at (%d,%d) of %s", x, y, answer)
                .isLessThan(8);
    }

    /** ImageMagick's estimate of the JPEG quality (exact for libjpeg's standard tables) is within the tolerance. */
    static Check jpegQuality(int quality, int tolerance) {
        return (answer, image) -> assertThat(
                        Integer.parseInt(ImageTools.runText("identify", "-format", "%Q", answer.toString())))
                .as("JPEG quality of %s (ImageMagick's estimate)", answer)
                .isBetween(quality - tolerance, quality + tolerance);
    }

    /**
     * Edges stronger than the source's by this factor: the spread of a Laplacian over the luminance, a measure that
     * sharpening raises and a JPEG re-encoding alone raises by about 5 % (blocking) at most.
     */
    static Check sharperThan(String fixture, double factor) {
        return (answer, image) -> {
            double source =
                    edgeEnergy(ImageFixtures.path(fixture).toAbsolutePath().toString());
            double got = edgeEnergy(answer + "[0]");
            assertThat(got / source)
                    .as("edge energy of %s (%.1f) over the source's (%.1f)", answer, got, source)
                    .isGreaterThanOrEqualTo(factor);
        };
    }

    private static double edgeEnergy(String input) {
        return Double.parseDouble(ImageTools.runText(
                "convert",
                input,
                "-colorspace",
                "gray",
                "-morphology",
                "Convolve",
                "Laplacian:0",
                "-format",
                "%[fx:standard_deviation*1000]",
                "info:"));
    }

    /** A progressive (interlaced) JPEG, or a baseline one. */
    static Check progressive(boolean wanted) {
        return (answer, image) -> {
            String interlace = ImageTools.runText("identify", "-format", "%[interlace]", answer.toString());
            if (wanted) {
                assertThat(interlace).as("interlace of %s", answer).isIn("JPEG", "Plane", "Line");
            } else {
                assertThat(interlace).as("interlace of %s", answer).isEqualTo("None");
            }
        };
    }
}
