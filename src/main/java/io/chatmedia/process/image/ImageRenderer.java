package io.chatmedia.process.image;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.image.ops.Compositing;
import io.chatmedia.process.image.ops.OutputSize;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.process.image.spec.ImageSpec;
import io.chatmedia.process.image.spec.ImageStep;
import io.chatmedia.process.image.spec.Interlace;
import io.chatmedia.process.image.spec.Quality;
import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import java.awt.color.ICC_Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.springframework.stereotype.Component;

/**
 * Renders an {@code image/...} result: reads and checks the source, decodes it as planned, runs the steps in URL order,
 * checks the output size, converts a non-sRGB profile to sRGB and encodes without metadata. Native memory is freed on
 * every path; every refusal is a 400 naming the first action.
 */
@Component
class ImageRenderer {

    static final int DEFAULT_JPEG_QUALITY = 85;
    static final int DEFAULT_WEBP_QUALITY = 80;

    private final ImageSources sources;
    private final BundledFont font;

    ImageRenderer(ImageSources sources, BundledFont font) {
        this.sources = sources;
        this.font = font;
    }

    /** The encoded result; called on a worker. */
    byte[] render(BlobStore store, String key, long size, ImageSpec spec, ImageFormat output) throws IOException {
        String action = spec.firstActionName();
        byte[] data = sources.read(store, key, size, action);
        ImageHeader header = sources.header(data, action);
        sources.checkSource(header, action);
        DecodePlan plan = DecodePlan.of(spec, header);
        JobMemory memory = sources.jobMemory(action);
        try (Picture picture = sources.decode(data, header, plan.reduction(), spec.autoOrient(), action, memory)) {
            StepContext context = new StepContext(
                    sources.limits(), watermarkKey -> watermark(store, watermarkKey, memory), memory, font);
            for (ImageStep step : plan.steps().steps()) {
                WorkerPool.checkpoint();
                step.apply(picture, context);
            }
            WorkerPool.checkpoint();
            OutputSize.check(sources.limits(), action, picture.width(), picture.height());
            ICC_Profile profile = ColourProfiles.nonSrgb(data, header.format());
            if (profile != null) {
                picture.map(frame -> ColourProfiles.toSrgb(frame, profile));
            }
            return ImageEncoder.encode(picture, output, settings(spec, header, output), action);
        }
    }

    /** A watermark image from the same store, upright, as BGRA; its decoding is charged to the job's memory. */
    private Mat watermark(BlobStore store, String key, JobMemory memory) {
        try {
            Optional<BlobInfo> found;
            try {
                found = store.stat(key);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("image/watermark: image '" + key + "' is not a valid object key");
            }
            if (found.isEmpty()) {
                throw ApiException.badRequest("image/watermark: the watermark image '" + key + "' does not exist");
            }
            byte[] data = sources.read(store, key, found.get().size(), "watermark");
            ImageHeader header = sources.header(data, "watermark");
            sources.checkSource(header, "watermark");
            try (Picture picture = sources.decode(data, header, 1, true, "watermark", memory)) {
                return picture.first().channels() == 4 ? picture.first().clone() : Compositing.bgra(picture.first());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImageEncoder.Settings settings(ImageSpec spec, ImageHeader header, ImageFormat output) {
        int sourceQuality = header.jpegQuality() > 0 ? header.jpegQuality() : 100;
        int quality = output == ImageFormat.JPG ? DEFAULT_JPEG_QUALITY : DEFAULT_WEBP_QUALITY;
        boolean progressive = false;
        for (ImageStep step : spec.steps()) {
            if (step instanceof Quality q) {
                quality = q.resolve(sourceQuality);
            } else if (step instanceof Interlace interlace) {
                progressive = interlace.progressive();
            }
        }
        return new ImageEncoder.Settings(quality, progressive);
    }
}
