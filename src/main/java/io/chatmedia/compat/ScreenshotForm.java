package io.chatmedia.compat;

import io.chatmedia.screenshot.ScreenshotRequest;
import io.chatmedia.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * getVideoScreenshot's request as the seed took it, form or JSON: {@code videoUrl}, {@code time} ms,
 * {@code width} 1..3840 (default 260), {@code format} png|jpg (default png, {@code jpeg} taken as jpg), checked in
 * that order with the seed's messages.
 */
final class ScreenshotForm {

    private static final int MAX_BODY = 64 * 1024;
    private static final String[] FIELDS = {"videoUrl", "time", "width", "format"};

    private ScreenshotForm() {}

    /** @throws ApiException 400 with the seed's message for the first bad value; 413 for a JSON body over 64 KiB */
    static ScreenshotRequest read(HttpServletRequest request, JsonMapper json) throws IOException {
        Map<String, String> form = form(request, json);
        String videoUrl = form.getOrDefault("videoUrl", "").trim();
        if (videoUrl.isBlank()) {
            throw ApiException.badRequest("视频地址不能为空");
        }
        long time = time(form.get("time"));
        int width = width(form.get("width"));
        return new ScreenshotRequest(videoUrl, time, width, format(form.get("format")));
    }

    private static Map<String, String> form(HttpServletRequest request, JsonMapper json) throws IOException {
        String type =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
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
                if (v != null && !(v instanceof Map) && !(v instanceof Collection)) {
                    values.put(String.valueOf(k), String.valueOf(v));
                }
            });
            return values;
        }
        for (String name : FIELDS) {
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
            throw ApiException.badRequest(VideoScreenshotController.FAILED + "format must be png or jpg");
        }
        return format;
    }
}
