package io.chatmedia.process.image;

import io.chatmedia.process.image.spec.ImageFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A WebP's RIFF chunks read by hand: canvas size from VP8X, or the frame size of a simple VP8/VP8L file,
 * and the animation frames counted from the ANMF chunks.
 */
final class WebpHeader {

    private WebpHeader() {}

    static ImageHeader read(byte[] data) {
        int width = 0;
        int height = 0;
        int frames = 0;
        long at = 12; // long: a chunk size near 4 GB must not wrap the offset around
        while (at <= data.length - 8L) {
            String fourcc = new String(data, (int) at, 4, StandardCharsets.ISO_8859_1);
            long size = le32(data, (int) at + 4);
            int body = (int) at + 8;
            if (size < 0 || body + Math.min(size, 30) > data.length) {
                break;
            }
            switch (fourcc) {
                case "VP8X" -> {
                    if (body + 10 > data.length) {
                        throw new UnreadableImageException("the WebP header is truncated");
                    }
                    width = 1 + le24(data, body + 4);
                    height = 1 + le24(data, body + 7);
                }
                case "VP8 " -> {
                    if (width == 0 && body + 10 <= data.length) {
                        width = (le16(data, body + 6) & 0x3FFF);
                        height = (le16(data, body + 8) & 0x3FFF);
                    }
                }
                case "VP8L" -> {
                    if (width == 0 && body + 5 <= data.length) {
                        long bits = le32(data, body + 1);
                        width = (int) (bits & 0x3FFF) + 1;
                        height = (int) ((bits >> 14) & 0x3FFF) + 1;
                    }
                }
                case "ANMF" -> frames++;
                default -> {}
            }
            at = body + size + (size & 1);
        }
        if (width <= 0 || height <= 0) {
            throw new UnreadableImageException("the WebP header has no image size");
        }
        return new ImageHeader(ImageFormat.WEBP, width, height, 1, Math.max(1, frames), 0, Map.of());
    }

    private static int le16(byte[] d, int i) {
        return (d[i] & 0xFF) | ((d[i + 1] & 0xFF) << 8);
    }

    private static int le24(byte[] d, int i) {
        return (d[i] & 0xFF) | ((d[i + 1] & 0xFF) << 8) | ((d[i + 2] & 0xFF) << 16);
    }

    private static long le32(byte[] d, int i) {
        return (d[i] & 0xFFL) | ((d[i + 1] & 0xFFL) << 8) | ((d[i + 2] & 0xFFL) << 16) | ((d[i + 3] & 0xFFL) << 24);
    }
}
