package io.chatmedia.process.video;

import io.chatmedia.process.WorkerPool;
import io.chatmedia.storage.BlobStore;
import io.chatmedia.system.ApiException;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a {@link SnapshotSpec} from a stored video: reads the header (refusing bombs), decides the turn that makes
 * the picture upright (rotation metadata, then {@code ar}), lets FFmpeg scale to the output size in the stream's own
 * orientation, turns the small result, and encodes it.
 */
final class CoverRenderer {

    private static final float JPEG_QUALITY = 0.85f;
    private static final Logger log = LoggerFactory.getLogger(CoverRenderer.class);

    private final VideoReader reader;

    CoverRenderer(VideoReader reader) {
        this.reader = reader;
    }

    byte[] render(BlobStore store, String key, long size, SnapshotSpec spec) throws IOException {
        try (RangedBlobInputStream source = new RangedBlobInputStream(store, key, size)) {
            VideoInput input;
            try {
                input = reader.open(source);
            } catch (ApiException e) {
                throw SnapshotSpec.fail(e.getMessage());
            }
            try (input) {
                return render(input, spec, key, size);
            }
        }
    }

    /** The cover of an opened video (the header read once serves the size, the turn and the decoding). */
    byte[] render(VideoInput input, SnapshotSpec spec, String key, long size) throws IOException {
        VideoHeader header = input.header();
        if (!header.hasVideo() || header.codedWidth() <= 0) {
            throw SnapshotSpec.fail("the file has no video stream");
        }
        int turn = turn(header, spec.aspect());
        boolean sideways = turn % 180 != 0;
        int orientedWidth = sideways ? header.codedHeight() : header.codedWidth();
        int orientedHeight = sideways ? header.codedWidth() : header.codedHeight();
        int[] output = spec.outputSize(orientedWidth, orientedHeight);
        BufferedImage frame = reader.frame(
                input,
                header,
                spec.timeMs(),
                spec.fast(),
                sideways ? output[1] : output[0],
                sideways ? output[0] : output[1],
                "video/snapshot");
        WorkerPool.checkpoint();
        BufferedImage upright = rotate(frame, turn);
        WorkerPool.checkpoint();
        byte[] encoded = encode(upright, spec.format());
        log.debug("cover of {}: {} of {} bytes read", key, input.source().fetched(), size);
        return encoded;
    }

    /** Clockwise degrees: the stream's rotation, then {@code ar_h}/{@code ar_w} forcing portrait or landscape. */
    static int turn(VideoHeader header, String aspect) {
        boolean portrait = header.height() > header.width(); // as shown, rotation applied
        boolean landscape = header.width() > header.height();
        boolean forceTurn = aspect.equals("h") && landscape || aspect.equals("w") && portrait;
        return forceTurn ? (header.rotation() + 90) % 360 : header.rotation();
    }

    static BufferedImage rotate(BufferedImage image, int clockwise) {
        if (clockwise == 0) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean sideways = clockwise % 180 != 0;
        AffineTransform transform = new AffineTransform();
        transform.translate(sideways ? h / 2.0 : w / 2.0, sideways ? w / 2.0 : h / 2.0);
        transform.rotate(Math.toRadians(clockwise));
        transform.translate(-w / 2.0, -h / 2.0);
        BufferedImage turned = new BufferedImage(sideways ? h : w, sideways ? w : h, BufferedImage.TYPE_3BYTE_BGR);
        new AffineTransformOp(transform, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(image, turned);
        return turned;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format.equals("png")) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
