package io.chatmedia.process.image;

import static org.bytedeco.opencv.global.opencv_core.mean;

import io.chatmedia.process.DerivedResults;
import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.image.ops.Compositing;
import io.chatmedia.process.image.ops.OutputSize;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.process.image.spec.ImageSpec;
import io.chatmedia.process.image.spec.ImageStep;
import io.chatmedia.process.image.spec.Interlace;
import io.chatmedia.process.image.spec.Quality;
import io.chatmedia.process.image.spec.Resize;
import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.springframework.stereotype.Component;

/**
 * ChatMedia's image side: {@code image/...} results (computed on the worker pool, kept as derived results), the
 * {@code info} and {@code average-hue} documents, and the header probe at upload. A source is read whole (it is at
 * most {@code max-source-size}), its header checked against the limits before anything is decoded, decoded into
 * native memory that is freed on every path.
 */
@Component
public class ImageEngine {

    static final int DEFAULT_JPEG_QUALITY = 85;
    static final int DEFAULT_WEBP_QUALITY = 80;

    private final DerivedResults derived;
    private final WorkerPool pool;
    private final ImageLimits limits;
    private final boolean infoGps;

    ImageEngine(ImageNatives natives, DerivedResults derived, WorkerPool pool, ImageProperties properties) {
        this.derived = derived;
        this.pool = pool;
        this.limits = properties.limits();
        this.infoGps = properties.infoGps();
    }

    /** A processed image: the stored result and its content type. */
    public record Result(BlobInfo blob, BlobStore store, String contentType) {
    }

    /**
     * @param sourceFormat the source's format as recorded (its content type), for the default output format
     * @throws ApiException 400 naming the action for a bad request, an unreadable image or one over the limits
     */
    public Result process(String sourceId, BlobStore store, String key, long size, ImageFormat sourceFormat,
            ImageSpec spec) throws IOException {
        ImageFormat output = spec.outputFormat(sourceFormat);
        BlobInfo blob = derived.getOrCompute(sourceId, spec.canonical(), output.extension(),
                () -> render(store, key, size, spec, output));
        return new Result(blob, derived.store(), output.contentType());
    }

    /** {@code image/info}: OSS's document, every field {@code {"value": "..."}}. */
    public Map<String, Map<String, String>> info(BlobStore store, String key, long size) throws IOException {
        byte[] data = read(store, key, size, "info");
        ImageHeader header = header(data, "info");
        Map<String, Map<String, String>> info = new TreeMap<>();
        header.exif().forEach((name, value) -> {
            if (infoGps || !name.startsWith("GPS")) {
                info.put(name, Map.of("value", value));
            }
        });
        info.put("FileSize", Map.of("value", Long.toString(data.length)));
        info.put("Format", Map.of("value", header.format().extension()));
        info.put("FrameCount", Map.of("value", Integer.toString(header.frames())));
        info.put("ImageWidth", Map.of("value", Integer.toString(header.width())));
        info.put("ImageHeight", Map.of("value", Integer.toString(header.height())));
        info.put("Orientation", Map.of("value", Integer.toString(header.orientation())));
        return info;
    }

    /** {@code image/average-hue}: the mean colour of the (first frame of the) image over white. */
    public Map<String, String> averageHue(BlobStore store, String key, long size) throws IOException {
        return pool.run(() -> {
            byte[] data = read(store, key, size, "average-hue");
            ImageHeader header = header(data, "average-hue");
            checkSource(header, "average-hue");
            int reduce = header.format() == ImageFormat.JPG ? 8 : 1;
            try (Picture picture = decode(data, header, reduce, true, "average-hue")) {
                Mat first = picture.first();
                Mat flat = Compositing.flatten(first, 0xFFFFFF);
                try (Scalar average = mean(flat)) {
                    int rgb = (clamp(average.get(2)) << 16) | (clamp(average.get(1)) << 8) | clamp(average.get(0));
                    return Map.of("RGB", String.format("0x%06X", rgb));
                } finally {
                    if (flat != first) {
                        flat.close();
                    }
                }
            }
        });
    }

    /** The header of a stored image, for the probe at upload; runs on the worker pool. */
    public ImageHeader probe(BlobStore store, String key, long size) throws IOException {
        return pool.run(() -> header(read(store, key, size, "probe"), "probe"));
    }

    private byte[] render(BlobStore store, String key, long size, ImageSpec spec, ImageFormat output)
            throws IOException {
        String action = spec.firstActionName();
        byte[] data = read(store, key, size, action);
        ImageHeader header = header(data, action);
        checkSource(header, action);
        int reduce = reduction(spec, header);
        try (Picture picture = decode(data, header, reduce, spec.autoOrient(), action)) {
            new ImagePipeline(limits, watermarkKey -> watermark(store, watermarkKey))
                    .run(reduce > 1 ? absoluteFirstResize(spec, header) : spec, picture);
            OutputSize.check(limits, action, picture.width(), picture.height());
            java.awt.color.ICC_Profile profile = ColourProfiles.nonSrgb(data, header.format());
            if (profile != null) {
                picture.map(frame -> ColourProfiles.toSrgb(frame, profile));
            }
            return ImageEncoder.encode(picture, output, settings(spec, header, output), action);
        }
    }

    private Picture decode(byte[] data, ImageHeader header, int reduce, boolean orient, String action) {
        try {
            return ImageDecoder.decode(data, header, reduce, orient, limits.maxPixels());
        } catch (UnreadableImageException e) {
            throw ApiException.badRequest("image/" + action + ": " + e.getMessage());
        }
    }

    /** A watermark image from the same store, upright, as BGRA. */
    private Mat watermark(BlobStore store, String key) {
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
            byte[] data = read(store, key, found.get().size(), "watermark");
            ImageHeader header = header(data, "watermark");
            checkSource(header, "watermark");
            try (Picture picture = decode(data, header, 1, true, "watermark")) {
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

    /** JPEG only: decode at 1/2, 1/4 or 1/8 when the first step is a resize that shrinks at least that much. */
    private static int reduction(ImageSpec spec, ImageHeader header) {
        if (header.format() != ImageFormat.JPG || spec.steps().isEmpty()
                || !(spec.steps().get(0) instanceof Resize resize)) {
            return 1;
        }
        boolean oriented = spec.autoOrient() && header.quarterTurned();
        int uprightW = oriented ? header.height() : header.width();
        int uprightH = oriented ? header.width() : header.height();
        int[] plan = resize.plan(uprightW, uprightH);
        int neededW = oriented ? plan[1] : plan[0];
        int neededH = oriented ? plan[0] : plan[1];
        return ImageDecoder.reductionFor(header.width(), header.height(), neededW, neededH);
    }

    /**
     * The spec with a percent resize in first place replaced by the absolute size it means on the full-size source,
     * for a source decoded at a fraction of its size (the cache key stays the request's own).
     */
    private static ImageSpec absoluteFirstResize(ImageSpec spec, ImageHeader header) {
        Resize resize = (Resize) spec.steps().get(0);
        if (resize.percent() == 0) {
            return spec;
        }
        boolean oriented = spec.autoOrient() && header.quarterTurned();
        int[] plan = resize.plan(oriented ? header.height() : header.width(), oriented ? header.width() : header.height());
        java.util.List<ImageStep> steps = new java.util.ArrayList<>(spec.steps());
        steps.set(0, new Resize(Resize.Mode.FIXED, plan[0], plan[1], 0, 0, 0, false, resize.color()));
        return new ImageSpec(steps);
    }

    private ImageHeader header(byte[] data, String action) {
        try {
            return ImageProbe.read(data);
        } catch (UnreadableImageException e) {
            throw ApiException.badRequest("image/" + action + ": " + e.getMessage());
        }
    }

    private void checkSource(ImageHeader header, String action) {
        if (header.width() > limits.maxSide() || header.height() > limits.maxSide()) {
            throw ApiException.badRequest("image/" + action + ": the source is " + header.width() + "x"
                    + header.height() + ", over " + limits.maxSide() + " px a side");
        }
        if (header.frames() > limits.maxFrames()) {
            throw ApiException.badRequest("image/" + action + ": the source has " + header.frames()
                    + " frames, more than " + limits.maxFrames());
        }
        long pixels = (long) header.width() * header.height() * header.frames();
        if (pixels > limits.maxPixels()) {
            throw ApiException.badRequest("image/" + action + ": the source has " + pixels + " pixels"
                    + (header.frames() > 1 ? " over its " + header.frames() + " frames" : "") + ", over "
                    + limits.maxPixels());
        }
    }

    private byte[] read(BlobStore store, String key, long size, String action) throws IOException {
        if (size > limits.maxSourceBytes()) {
            throw ApiException.badRequest("image/" + action + ": the source is " + size + " bytes, over the "
                    + limits.maxSourceBytes() + " bytes processed");
        }
        try (InputStream in = store.open(key, ByteRange.ALL)) {
            byte[] data = in.readNBytes((int) limits.maxSourceBytes() + 1);
            if (data.length > limits.maxSourceBytes()) {
                throw ApiException.badRequest("image/" + action + ": the source is over the "
                        + limits.maxSourceBytes() + " bytes processed");
            }
            return data;
        }
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
