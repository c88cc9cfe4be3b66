package io.chatmedia.compat;

import io.chatmedia.media.MediaUrls;
import io.chatmedia.screenshot.Screenshot;
import io.chatmedia.screenshot.ScreenshotRequest;
import io.chatmedia.screenshot.ScreenshotService;
import io.chatmedia.security.Caller;
import io.chatmedia.storage.BlobStores;
import io.chatmedia.system.ApiException;
import io.chatmedia.system.Envelope;
import io.chatmedia.upload.FileExtension;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract §4: {@code POST /api/chat/getVideoScreenshot} over the {@link ScreenshotService}: the request read as the
 * seed took it ({@link ScreenshotForm}), the image stored on the primary store (the local disk, or the shared
 * object store when one is configured) as
 * {@code Diy/VideoScreenshot/screenshot_<ms>_<6 chars>.<format>} and answered as base64 and URL, a failed grab
 * with the seed's {@code 截图处理失败: } prefix.
 */
@RestController
@RequestMapping("/api/chat")
class VideoScreenshotController {

    static final String FAILED = "截图处理失败: ";
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScreenshotService screenshots;
    private final BlobStores stores;
    private final JsonMapper json;

    VideoScreenshotController(ScreenshotService screenshots, BlobStores stores, JsonMapper json) {
        this.screenshots = screenshots;
        this.stores = stores;
        this.json = json;
    }

    @PostMapping("/getVideoScreenshot")
    Envelope screenshot(Caller caller, HttpServletRequest request) throws IOException {
        ScreenshotRequest wanted = ScreenshotForm.read(request, json);
        Screenshot shot;
        try {
            shot = screenshots.take(caller, wanted, stores.primary(), VideoScreenshotController::seedKey);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.BAD_REQUEST) {
                throw new ApiException(HttpStatus.BAD_REQUEST, FAILED + e.getMessage(), e);
            }
            throw e;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(
                "base64",
                "data:image/" + wanted.format() + ";base64,"
                        + Base64.getEncoder().encodeToString(shot.image()));
        answer.put("url", MediaUrls.pathOf(shot.media().storageKey()));
        answer.put("format", wanted.format());
        answer.put("time", wanted.timeMs());
        answer.put("width", shot.width());
        return Envelope.ok(answer);
    }

    private static String seedKey(String fileName) {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return "Diy/VideoScreenshot/screenshot_" + System.currentTimeMillis() + "_" + suffix
                + FileExtension.of(fileName);
    }
}
