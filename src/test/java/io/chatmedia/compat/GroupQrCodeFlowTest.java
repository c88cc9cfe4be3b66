package io.chatmedia.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.chatmedia.testsupport.HttpFlowTest;
import io.chatmedia.testsupport.Tokens;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class GroupQrCodeFlowTest extends HttpFlowTest {

    private final String token = Tokens.user("qr-user");

    @Test
    void drawsTheH5JoinUrl() throws Exception {
        String name = "周末 群";
        HttpResponse<byte[]> response = get("/api/chat/groupQrcode/33?token=" + token + "&type=H5&http="
                + enc("http://chat.example.com:8080/") + "&chatType=group&name=" + enc(name));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(decode(response.body()))
                .isEqualTo("http://chat.example.com:8080/#/pages/setpageInfo/setpageInfo"
                        + "?action=autoAddGroup&title=%E5%91%A8%E6%9C%AB%20%E7%BE%A4&id=33&chatType=group");
    }

    @Test
    void drawsTheAppJsonPayloadAtTenPixelsAModule() throws Exception {
        HttpResponse<byte[]> response = get("/api/chat/groupQrcode/33?type=app&name=" + enc("测试群"), "token", token);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(decode(response.body())).isEqualTo("{\"id\":33,\"name\":\"测试群\"}");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(image.getHeight());
        assertThat(image.getWidth() % 10).isZero();
        int modules = image.getWidth() / 10 - 2 * QrCodePainter.QUIET_ZONE_MODULES;
        assertThat((modules - 17) % 4).as("a QR version's module count").isZero();
    }

    @Test
    void refusesAMissingIdOrOverlongParameters() {
        assertFails(get("/api/chat/groupQrcode/?token=" + token), 400);
        assertFails(get("/api/chat/groupQrcode?token=" + token), 400);
        assertFails(get("/api/chat/groupQrcode/" + "9".repeat(65) + "?token=" + token), 400);
        assertFails(get("/api/chat/groupQrcode/33?token=" + token + "&name=" + "n".repeat(101)), 400);
        assertFails(
                get("/api/chat/groupQrcode/33?token=" + token + "&type=H5&http="
                        + enc("http://x.example/" + "p".repeat(600))),
                400);
        assertFails(get("/api/chat/groupQrcode/33?token=" + token + "&type=H5"), 400);
        assertFails(
                get("/api/chat/groupQrcode/33?token=" + token + "&type=H5&http=" + enc("javascript:alert(1)")), 400);
        assertFails(get("/api/chat/groupQrcode/33?token=" + token + "&chatType=other"), 400);
    }

    @Test
    void requiresAToken() {
        assertFails(get("/api/chat/groupQrcode/33"), 401);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        return new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(source)))
                .getText();
    }
}
