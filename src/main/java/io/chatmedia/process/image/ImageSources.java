package io.chatmedia.process.image;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.image.spec.ImageFormat;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/**
 * Reads source images within the limits: the bytes (at most {@code max-source-size}, read whole), the header (checked
 * against the side, pixel and frame limits before anything is decoded) and the decoded picture (native memory the
 * caller closes). Every refusal is a 400 naming the action it was read for.
 */
@Component
public class ImageSources {

    private final WorkerPool pool;
    private final ImageLimits limits;

    ImageSources(WorkerPool pool, ImageProperties properties) {
        this.pool = pool;
        this.limits = properties.limits();
    }

    ImageLimits limits() {
        return limits;
    }

    /** The header of a stored image, for the probe at upload; runs on the worker pool. */
    public ImageHeader probe(BlobStore store, String key, long size) throws IOException {
        return pool.run(() -> header(read(store, key, size, "probe"), "probe"));
    }

    /**
     * The stored image's bytes.
     *
     * @throws ApiException 400 when the source is over {@code max-source-size}
     * @throws IOException  when the store fails
     */
    byte[] read(BlobStore store, String key, long size, String action) throws IOException {
        if (size > limits.maxSourceBytes()) {
            throw ApiException.badRequest("image/" + action + ": the source is " + size + " bytes, over the "
                    + limits.maxSourceBytes() + " bytes processed");
        }
        try (InputStream in = store.open(key, ByteRange.ALL)) {
            byte[] data = in.readNBytes((int) limits.maxSourceBytes() + 1);
            if (data.length > limits.maxSourceBytes()) {
                throw ApiException.badRequest(
                        "image/" + action + ": the source is over the " + limits.maxSourceBytes() + " bytes processed");
            }
            return data;
        }
    }

    /** @throws ApiException 400 when the bytes are not an image ChatMedia reads */
    ImageHeader header(byte[] data, String action) {
        try {
            return ImageProbe.read(data);
        } catch (UnreadableImageException e) {
            throw ApiException.badRequest("image/" + action + ": " + e.getMessage());
        }
    }

    /** @throws ApiException 400 when the source is over the side, frame or pixel limits */
    void checkSource(ImageHeader header, String action) {
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

    /** A fresh tally of the native memory of one job, at the configured limit. */
    JobMemory jobMemory(String action) {
        return new JobMemory(limits.maxJobBytes(), action);
    }

    /**
     * Decodes every frame, at {@code 1/reduce} of the size for JPEG, upright when {@code orient}, after adding what the
     * frames and one working copy of them take to {@code memory} (from the header, before decoding).
     *
     * @throws ApiException 400 when the image cannot be decoded or the job would need more memory than it may use
     */
    Picture decode(byte[] data, ImageHeader header, int reduce, boolean orient, String action, JobMemory memory) {
        int r = header.format() == ImageFormat.JPG ? Math.max(1, reduce) : 1;
        int channels = header.format() == ImageFormat.JPG ? 3 : 4; // decoded BGR, or BGRA when it may have alpha
        memory.reserve(
                2
                        * JobMemory.frameBytes(
                                ceilDiv(header.width(), r), ceilDiv(header.height(), r), header.frames(), channels),
                "decoding the " + header.width() + "x" + header.height() + " image"
                        + (header.frames() > 1 ? "'s " + header.frames() + " frames" : ""));
        try {
            Picture picture = ImageDecoder.decode(data, header, reduce, orient, limits.maxPixels());
            picture.account(memory);
            return picture;
        } catch (UnreadableImageException e) {
            throw ApiException.badRequest("image/" + action + ": " + e.getMessage());
        }
    }

    private static long ceilDiv(long value, long divisor) {
        return (value + divisor - 1) / divisor;
    }
}
