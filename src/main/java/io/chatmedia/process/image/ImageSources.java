package io.chatmedia.process.image;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.process.natives.NativeLibraries;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.storage.ByteRange;
import io.chatmedia.system.ApiException;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Reads source images within the limits: the bytes (at most {@code max-source-size}, read whole), the header (checked
 * against the side, pixel and frame limits before anything is decoded) and the decoded picture (native memory the
 * caller closes). Every refusal is a 400 naming the action it was read for.
 */
@Component
@DependsOn(NativeLibraries.BEAN)
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

    /**
     * Decodes every frame, at {@code 1/reduce} of the size for JPEG, upright when {@code orient}.
     *
     * @throws ApiException 400 when the image cannot be decoded
     */
    Picture decode(byte[] data, ImageHeader header, int reduce, boolean orient, String action) {
        try {
            return ImageDecoder.decode(data, header, reduce, orient, limits.maxPixels());
        } catch (UnreadableImageException e) {
            throw ApiException.badRequest("image/" + action + ": " + e.getMessage());
        }
    }
}
