package io.chatmedia.process.video;

import io.chatmedia.system.ApiException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;

/**
 * Copies a decoded BGR24 frame into a BufferedImage row by row, honouring the frame's line stride (FFmpeg pads rows
 * for alignment; a copy that assumed {@code width * 3} bytes a row scrambled widths that are not a multiple of the
 * alignment).
 */
final class FrameImages {

    private FrameImages() {}

    static BufferedImage toImage(Frame frame) {
        // JavaCV derives imageChannels from the stride, which alignment pads: the layout is BGR24, as the grabber
        // was asked for, and the stride is in bytes.
        if (frame.image == null
                || frame.imageDepth != Frame.DEPTH_UBYTE
                || frame.imageWidth <= 0
                || frame.imageHeight <= 0) {
            throw ApiException.badRequest("the decoder gave no picture");
        }
        int width = frame.imageWidth;
        int height = frame.imageHeight;
        int rowBytes = width * 3;
        int stride = frame.imageStride > 0 ? frame.imageStride : rowBytes;
        ByteBuffer pixels = ((ByteBuffer) frame.image[0]).duplicate();
        if (stride < rowBytes || (long) stride * (height - 1) + rowBytes > pixels.capacity()) {
            throw ApiException.badRequest("the decoder gave a picture smaller than its size");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            pixels.position(y * stride);
            pixels.get(target, y * rowBytes, rowBytes);
        }
        return image;
    }
}
