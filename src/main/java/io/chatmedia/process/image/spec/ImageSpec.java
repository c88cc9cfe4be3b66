package io.chatmedia.process.image.spec;

import io.chatmedia.process.spec.ProcessAction;
import io.chatmedia.process.spec.ProcessRequest;
import io.chatmedia.system.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parsed {@code image/...} request: its steps in URL order, checked, with defaults filled in. Parsing does no I/O;
 * unknown actions and parameters are 400s naming themselves. {@link #canonical()} is the cache key.
 */
public record ImageSpec(List<ImageStep> steps) {

    public ImageSpec {
        steps = List.copyOf(steps);
    }

    /** @throws ApiException 400 naming the action and parameter at fault */
    public static ImageSpec parse(ProcessRequest request) {
        if (!request.kind().equals("image")) {
            throw ApiException.badRequest("x-oss-process: expected image/..., got " + request.kind() + "/...");
        }
        List<ImageStep> steps = new ArrayList<>();
        for (ProcessAction action : request.actions()) {
            steps.add(step(action));
        }
        boolean standAlone =
                steps.stream().anyMatch(s -> s instanceof Info || s instanceof AverageHue || s instanceof BlurHashStep);
        if (standAlone && steps.size() > 1) {
            String name = steps.stream()
                    .filter(s -> s instanceof Info || s instanceof AverageHue || s instanceof BlurHashStep)
                    .findFirst()
                    .orElseThrow()
                    .canonical();
            throw ApiException.badRequest("image/" + name + ": cannot be chained with other actions");
        }
        return new ImageSpec(steps);
    }

    private static ImageStep step(ProcessAction action) {
        return switch (action.name()) {
            case "resize" -> Resize.of(action);
            case "crop" -> Crop.of(action);
            case "circle" -> Circle.of(action);
            case "indexcrop" -> IndexCrop.of(action);
            case "rounded-corners" -> RoundedCorners.of(action);
            case "auto-orient" -> AutoOrient.of(action);
            case "rotate" -> Rotate.of(action);
            case "format" -> Format.of(action);
            case "quality" -> Quality.of(action);
            case "interlace" -> Interlace.of(action);
            case "blur" -> Blur.of(action);
            case "bright", "contrast" -> Adjust.of(action);
            case "sharpen" -> Sharpen.of(action);
            case "watermark" -> Watermark.of(action);
            case "info" -> Info.of(action);
            case "average-hue" -> AverageHue.of(action);
            case "blurhash" -> BlurHashStep.of(action);
            default -> throw ApiException.badRequest("image/" + action.name() + ": unknown action");
        };
    }

    /** Whether the EXIF orientation is applied: unless an {@code auto-orient,0} says otherwise. */
    public boolean autoOrient() {
        return steps.stream().noneMatch(s -> s instanceof AutoOrient a && !a.apply());
    }

    /** The output format asked for by the last {@code format} step, or the source's default. */
    public ImageFormat outputFormat(ImageFormat source) {
        ImageFormat chosen = source.defaultOutput();
        for (ImageStep step : steps) {
            if (step instanceof Format format) {
                chosen = format.format();
            }
        }
        return chosen;
    }

    /** The first action's name ({@code resize}, {@code format}...), which error messages name; "image" for none. */
    public String firstActionName() {
        return steps.isEmpty() ? "image" : steps.get(0).canonical().split(",", 2)[0];
    }

    public boolean standAlone() {
        return steps.size() == 1
                && (steps.get(0) instanceof Info
                        || steps.get(0) instanceof AverageHue
                        || steps.get(0) instanceof BlurHashStep);
    }

    public String canonical() {
        return "image/" + steps.stream().map(ImageStep::canonical).collect(Collectors.joining("/"));
    }
}
