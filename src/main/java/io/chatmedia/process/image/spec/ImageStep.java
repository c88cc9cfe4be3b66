package io.chatmedia.process.image.spec;

import io.chatmedia.process.image.Picture;
import io.chatmedia.process.image.StepContext;

/**
 * One parsed image action with its effective parameters (defaults filled in, ranges checked), which knows how to apply
 * itself: an action is its record and the operation it calls, nothing else. {@link #canonical()} prints it so that
 * every spelling of the same action prints the same.
 */
public sealed interface ImageStep
        permits Resize,
                Crop,
                Circle,
                IndexCrop,
                RoundedCorners,
                AutoOrient,
                Rotate,
                Format,
                Quality,
                Interlace,
                Blur,
                Adjust,
                Sharpen,
                Watermark,
                Info,
                AverageHue,
                BlurHashStep {

    String canonical();

    /**
     * Applies the step to every frame of {@code picture}, replacing (and freeing) what it changes. Steps that are
     * settings (format, quality, interlace, auto-orient) do nothing here: the decoder or encoder reads them.
     *
     * @throws io.chatmedia.system.ApiException 400 naming the action when the result would be over the output limits
     *                                          or a watermark image cannot be used
     */
    void apply(Picture picture, StepContext context);
}
