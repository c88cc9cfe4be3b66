package io.chatmedia.process.image;

import io.chatmedia.testsupport.ImageTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ImageMagick playing the engine, for checking {@link ImageReferenceIT} itself: an answer is the case's first
 * reference, encoded as a real engine would (metadata stripped, alpha flattened onto white for JPEG, JPEG at
 * quality 85 unless {@code quality} says otherwise, WebP at 80, GIF with 256 colours undithered, progressive for
 * {@code interlace,1}); animations are coalesced, processed frame by frame and re-optimised. A text watermark is
 * stood in for by a white bar. The test passing on these answers shows its references, sizes and thresholds hold
 * for a correct engine with lossy output; it says nothing about the engine.
 */
final class StandInEngine {

    private static final Pattern ABSOLUTE_QUALITY = Pattern.compile("quality,Q_(\\d+)");
    private static final Pattern RELATIVE_QUALITY = Pattern.compile("quality,q_(\\d+)");
    private static final int SOURCE_QUALITY = 90; // photo.jpg's

    private StandInEngine() {}

    static Path answer(String fixture, String process, Expect expect, Path out) {
        Path dir = out.getParent();
        Path source = ReferenceCheck.referenceSource(fixture, dir);
        List<String> args = new ArrayList<>();
        if (expect.frames > 1) {
            args.add(source.toString());
            args.add("-coalesce");
            args.addAll(expect.references.get(0));
            args.addAll(encoding(expect.format, process));
            args.addAll(List.of("-layers", "optimize"));
        } else {
            Path picture =
                    ReferenceCheck.reference(source + "[0]", expect.references.get(0), dir.resolve("stand-in.png"));
            args.add(picture.toString());
            if (process.contains("watermark,text_")) {
                int x = expect.width / 2;
                int y = expect.height / 2;
                args.addAll(List.of(
                        "-fill",
                        "white",
                        "-draw",
                        "rectangle " + (x - 180) + "," + (y - 30) + " " + (x + 180) + "," + (y + 30)));
            }
        }
        if (expect.frames == 1) {
            args.addAll(encoding(expect.format, process));
        }
        args.add("-strip");
        args.add(prefix(expect.format) + ":" + out);
        ImageTools.run("convert", args.toArray(String[]::new));
        return out;
    }

    private static List<String> encoding(String format, String process) {
        return switch (format) {
            case "JPEG" -> {
                List<String> options = new ArrayList<>(List.of(
                        "-background",
                        "white",
                        "-alpha",
                        "remove",
                        "-alpha",
                        "off",
                        "-sampling-factor",
                        "2x2",
                        "-quality",
                        Integer.toString(quality(process))));
                if (process.contains("interlace,1")) {
                    options.addAll(List.of("-interlace", "JPEG"));
                }
                yield options;
            }
            case "WEBP" -> List.of("-quality", "80");
            case "GIF" -> List.of("+dither", "-colors", "256");
            default -> List.of();
        };
    }

    private static int quality(String process) {
        Matcher absolute = ABSOLUTE_QUALITY.matcher(process);
        if (absolute.find()) {
            return Math.min(SOURCE_QUALITY, Integer.parseInt(absolute.group(1)));
        }
        Matcher relative = RELATIVE_QUALITY.matcher(process);
        if (relative.find()) {
            return Math.round(SOURCE_QUALITY * Integer.parseInt(relative.group(1)) / 100f);
        }
        return 85;
    }

    private static String prefix(String format) {
        return switch (format) {
            case "BMP" -> "bmp3";
            default -> format.toLowerCase(Locale.ROOT);
        };
    }
}
