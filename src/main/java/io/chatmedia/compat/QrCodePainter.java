package io.chatmedia.compat;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws QR codes as the seed's qr-image did: error correction M, 10 pixels per module, a quiet zone of
 * 4 modules, black on white PNG. Text is encoded as UTF-8 (group names are often Chinese).
 */
final class QrCodePainter {

    static final int PIXELS_PER_MODULE = 10;
    static final int QUIET_ZONE_MODULES = 4;

    private QrCodePainter() {}

    /** @throws IllegalArgumentException when the text does not fit in a QR code */
    static byte[] png(String text) {
        QRCode code;
        try {
            code = Encoder.encode(text, ErrorCorrectionLevel.M, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("text too long for a QR code", e);
        }
        ByteMatrix matrix = code.getMatrix();
        int modules = matrix.getWidth() + 2 * QUIET_ZONE_MODULES;
        int side = modules * PIXELS_PER_MODULE;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
        int white = 0xFFFFFF;
        int black = 0x000000;
        for (int y = 0; y < side; y++) {
            int my = y / PIXELS_PER_MODULE - QUIET_ZONE_MODULES;
            for (int x = 0; x < side; x++) {
                int mx = x / PIXELS_PER_MODULE - QUIET_ZONE_MODULES;
                boolean dark = mx >= 0
                        && my >= 0
                        && mx < matrix.getWidth()
                        && my < matrix.getHeight()
                        && matrix.get(mx, my) == 1;
                image.setRGB(x, y, dark ? black : white);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
