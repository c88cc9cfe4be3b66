package io.chatmedia.compat;

import io.chatmedia.media.Media;
import io.chatmedia.media.MediaService;
import io.chatmedia.process.video.VideoEngine;
import io.chatmedia.security.Caller;
import io.chatmedia.system.ApiException;
import io.chatmedia.system.Envelope;
import io.chatmedia.system.Sha256;
import io.chatmedia.media.StoredBlob;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract §4: {@code POST /api/chat/getVideoScreenshot} (form or JSON): {@code videoUrl}, {@code time} ms,
 * {@code width} 1..3840 (default 260), {@code format} png|jpg. The video is one of ChatMedia's own (by URL or path)
 * or, on an operator-allowed host, fetched safely; FFmpeg only ever reads through ChatMedia's own I/O. The image is
 * stored as {@code Diy/VideoScreenshot/screenshot_<ms>_<6 chars>.<format>} and answered as base64 and URL, with the
 * seed's messages.
 */
@RestController
@RequestMapping("/api/chat")
class VideoScreenshotController {

    private static final int MAX_BODY = 64 * 1024;
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VideoSources sources;
    private final VideoEngine video;
    private final MediaService media;
    private final JsonMapper json;

    VideoScreenshotController(VideoSources sources, VideoEngine video, MediaService media, JsonMapper json) {
        this.sources = sources;
        this.video = video;
        this.media = media;
        this.json = json;
    }

    @PostMapping("/getVideoScreenshot")
    Envelope screenshot(Caller caller, HttpServletRequest request) throws IOException {
        Map<String, String> form = form(request);
        String videoUrl = form.get("videoUrl");
        if (videoUrl == null || videoUrl.isBlank()) {
            throw ApiException.badRequest("视频地址不能为空");
        }
        long time = time(form.get("time"));
        int width = width(form.get("width"));
        String format = format(form.get("format"));
        VideoEngine.Screenshot shot;
        try (VideoSources.Source source = sources.resolve(videoUrl.trim(), request)) {
            shot = video.screenshot(source.store(), source.key(), source.size(), time, width, format);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.BAD_REQUEST) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "截图处理失败: " + e.getMessage(), e);
            }
            throw e;
        }
        byte[] image = shot.image();
        Media stored = store(caller, image, format);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("base64", "data:image/" + format + ";base64," + Base64.getEncoder().encodeToString(image));
        answer.put("url", io.chatmedia.media.MediaUrls.pathOf(stored.storageKey()));
        answer.put("format", format);
        answer.put("time", time);
        answer.put("width", shot.width());
        return Envelope.ok(answer);
    }

    private Media store(Caller caller, byte[] image, String format) throws IOException {
        String key = "Diy/VideoScreenshot/screenshot_" + System.currentTimeMillis() + "_" + randomSuffix() + "." + format;
        var local = sources.localStore();
        local.put(key, new ByteArrayInputStream(image));
        StoredBlob blob = new StoredBlob(local, key, image.length, Sha256.hex(image),
                format.equals("png") ? "image/png" : "image/jpeg");
        return media.record(caller, blob, key.substring(key.lastIndexOf('/') + 1), 0);
    }

    private Map<String, String> form(HttpServletRequest request) throws IOException {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        Map<String, String> values = new LinkedHashMap<>();
        if (type.startsWith("application/json")) {
            byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw ApiException.tooLarge("the request body is too large");
            }
            Map<?, ?> parsed;
            try {
                parsed = body.length == 0 ? Map.of() : json.readValue(body, Map.class);
            } catch (RuntimeException e) {
                throw ApiException.badRequest("the request body is not valid JSON");
            }
            parsed.forEach((k, v) -> {
                if (v != null && !(v instanceof Map) && !(v instanceof java.util.Collection)) {
                    values.put(String.valueOf(k), String.valueOf(v));
                }
            });
            return values;
        }
        for (String name : new String[] {"videoUrl", "time", "width", "format"}) {
            String value = request.getParameter(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    /** The seed refused a missing or negative time; fractions of a millisecond are dropped. */
    private static long time(String value) {
        try {
            double time = value == null || value.isBlank() ? -1 : Double.parseDouble(value.trim());
            if (!(time >= 0) || time > 1e12) {
                throw ApiException.badRequest("时间点参数无效");
            }
            return (long) time;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("时间点参数无效");
        }
    }

    private static int width(String value) {
        if (value == null || value.isBlank()) {
            return 260;
        }
        try {
            double width = Double.parseDouble(value.trim());
            if (!(width >= 1) || width > 3840) {
                throw ApiException.badRequest("图片宽度应在1-3840之间");
            }
            return (int) width;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("图片宽度应在1-3840之间");
        }
    }

    private static String format(String value) {
        String format = value == null || value.isBlank() ? "png" : value.trim().toLowerCase(Locale.ROOT);
        if (format.equals("jpeg")) {
            format = "jpg";
        }
        if (!format.equals("png") && !format.equals("jpg")) {
            throw ApiException.badRequest("截图处理失败: format must be png or jpg");
        }
        return format;
    }

    private static String randomSuffix() {
        StringBuilder out = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

}
