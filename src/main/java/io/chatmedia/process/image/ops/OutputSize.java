package io.chatmedia.process.image.ops;

import io.chatmedia.process.image.ImageLimits;
import io.chatmedia.system.ApiException;

/** Refuses a step whose result would exceed the output limits, before it allocates anything. */
public final class OutputSize {

    private OutputSize() {}

    public static void check(ImageLimits limits, String action, long width, long height) {
        if (width > limits.maxOutputSide() || height > limits.maxOutputSide()) {
            throw ApiException.badRequest("image/" + action + ": the result " + width + "x" + height + " is over "
                    + limits.maxOutputSide() + " px a side");
        }
        if (width * height > limits.maxOutputPixels()) {
            throw ApiException.badRequest("image/" + action + ": the result " + width + "x" + height + " is over "
                    + limits.maxOutputPixels() + " pixels");
        }
    }
}
