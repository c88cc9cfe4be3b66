package io.chatmedia.process.image;

import io.chatmedia.media.MediaKind;
import io.chatmedia.process.ProcessPlan;
import io.chatmedia.process.ProcessSource;
import io.chatmedia.process.ProcessingKind;
import io.chatmedia.process.image.spec.BlurHashStep;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.process.image.spec.ImageSpec;
import io.chatmedia.process.image.spec.ImageStep;
import io.chatmedia.process.image.spec.Info;
import io.chatmedia.process.spec.ProcessRequest;
import io.chatmedia.system.ApiException;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code image/...} and {@code style/<name>} on an image: a result kept as a derived result, or the {@code info} and
 * {@code average-hue} documents.
 */
@Component
class ImageProcessing implements ProcessingKind {

    private final ImageStyles styles;
    private final ImageRenderer renderer;
    private final ImageDocuments documents;

    ImageProcessing(ImageStyles styles, ImageRenderer renderer, ImageDocuments documents) {
        this.styles = styles;
        this.renderer = renderer;
        this.documents = documents;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("image", "style");
    }

    @Override
    public ProcessPlan plan(ProcessRequest request, ProcessSource source) {
        ImageSpec spec = request.kind().equals("style")
                ? styles.resolve(request.actions().get(0).name())
                : ImageSpec.parse(request);
        String action = "image/" + spec.firstActionName();
        if (source.kind() != MediaKind.IMAGE) {
            throw ApiException.badRequest(action + ": the file is not an image");
        }
        ImageFormat format = ImageFormat.ofContentType(source.contentType());
        if (format == null) {
            throw ApiException.badRequest(action + ": " + source.contentType() + " images cannot be processed");
        }
        if (spec.standAlone()) {
            ImageStep step = spec.steps().get(0);
            if (step instanceof BlurHashStep hash) {
                return new ProcessPlan.Inspection(() -> Map.of(
                        "blurhash",
                        documents.blurhash(source.store(), source.key(), source.size(), hash.x(), hash.y())));
            }
            return new ProcessPlan.Inspection(
                    step instanceof Info
                            ? () -> documents.info(source.store(), source.key(), source.size())
                            : () -> documents.averageHue(source.store(), source.key(), source.size()));
        }
        ImageFormat output = spec.outputFormat(format);
        return new ProcessPlan.Rendering(
                spec.canonical(),
                output.extension(),
                output.contentType(),
                "image",
                () -> renderer.render(source.store(), source.key(), source.size(), spec, output));
    }
}
