package io.chatmedia.process.image.spec;

/**
 * One parsed image action with its effective parameters (defaults filled in, ranges checked).
 * {@link #canonical()} prints it so that every spelling of the same action prints the same.
 */
public sealed interface ImageStep permits Resize, Crop, Circle, IndexCrop, RoundedCorners, AutoOrient, Rotate,
        Format, Quality, Interlace, Blur, Adjust, Sharpen, Watermark, Info, AverageHue {

    String canonical();
}
