package io.chatmedia.process.image;

/**
 * What ChatMedia agrees to decode and produce — at least as strict as OSS: sources up to {@code maxSourceBytes},
 * {@code maxSide} px a side and {@code maxPixels} (width × height × frames), at most {@code maxFrames} frames;
 * results up to {@code maxOutputSide} a side and {@code maxOutputPixels}. {@code maxJobBytes} bounds the native
 * memory one job may hold (decoded frames with one working copy, watermark canvases), estimated from the headers and
 * parameters before anything is decoded or drawn: the side and pixel limits say what a decoder may be asked to read,
 * this says what a request may cost. The node's worst case is the worker count times this.
 */
public record ImageLimits(
        long maxSourceBytes,
        int maxSide,
        long maxPixels,
        int maxFrames,
        int maxOutputSide,
        long maxOutputPixels,
        long maxJobBytes) {

    public static final ImageLimits DEFAULT =
            new ImageLimits(20L * 1024 * 1024, 30_000, 250_000_000L, 1000, 16_384, 16_777_216L, 256L * 1024 * 1024);
}
