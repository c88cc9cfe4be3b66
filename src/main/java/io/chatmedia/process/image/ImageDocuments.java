package io.chatmedia.process.image;

import static org.bytedeco.opencv.global.opencv_core.mean;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.image.ops.Compositing;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.storage.BlobStore;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.springframework.stereotype.Component;

/**
 * The JSON documents about a stored image: {@code image/info} (OSS's shape, GPS left out unless configured) and
 * {@code image/average-hue}. Unreadable sources and sources over the limits are 400s naming the action.
 */
@Component
class ImageDocuments {

    private final ImageSources sources;
    private final WorkerPool pool;
    private final boolean infoGps;

    ImageDocuments(ImageSources sources, WorkerPool pool, ImageProperties properties) {
        this.sources = sources;
        this.pool = pool;
        this.infoGps = properties.infoGps();
    }

    /**
     * {@code image/info}: OSS's document, every field {@code {"value": "..."}}; on a worker, so no more sources are held
     * in memory at once than there are workers.
     */
    Map<String, Map<String, String>> info(BlobStore store, String key, long size) throws IOException {
        return pool.run(() -> infoOf(store, key, size));
    }

    private Map<String, Map<String, String>> infoOf(BlobStore store, String key, long size) throws IOException {
        byte[] data = sources.read(store, key, size, "info");
        ImageHeader header = sources.header(data, "info");
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

    /** {@code image/average-hue}: the mean colour of the (first frame of the) image over white; on a worker. */
    Map<String, String> averageHue(BlobStore store, String key, long size) throws IOException {
        return pool.run(() -> {
            byte[] data = sources.read(store, key, size, "average-hue");
            ImageHeader header = sources.header(data, "average-hue");
            sources.checkSource(header, "average-hue");
            int reduce = header.format() == ImageFormat.JPG ? 8 : 1;
            JobMemory memory = sources.jobMemory("average-hue");
            try (Picture picture = sources.decode(data, header, reduce, true, "average-hue", memory)) {
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

    /**
     * The BlurHash of the (first frame of the) image over white, from a small decode (JPEG at 1/8) scaled to at most
     * 32 px a side; on a worker.
     */
    String blurhash(BlobStore store, String key, long size, int x, int y) throws IOException {
        return pool.run(() -> {
            byte[] data = sources.read(store, key, size, "blurhash");
            ImageHeader header = sources.header(data, "blurhash");
            sources.checkSource(header, "blurhash");
            int reduce = header.format() == ImageFormat.JPG ? 8 : 1;
            JobMemory memory = sources.jobMemory("blurhash");
            try (Picture picture = sources.decode(data, header, reduce, true, "blurhash", memory)) {
                Mat first = picture.first();
                Mat flat = Compositing.flatten(first, 0xFFFFFF);
                try {
                    return Placeholders.blurhash(flat, x, y);
                } finally {
                    if (flat != first) {
                        flat.close();
                    }
                }
            }
        });
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
