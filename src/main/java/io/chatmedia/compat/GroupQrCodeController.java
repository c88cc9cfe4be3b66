package io.chatmedia.compat;

import io.chatmedia.security.Caller;
import io.chatmedia.system.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract §5: {@code GET /api/chat/groupQrcode/{id}} draws a group's invitation QR code. For {@code type=H5}
 * it holds the front-end's join URL; otherwise the JSON {@code {"id":..,"name":".."}} the apps scan.
 * ChatMedia does not own groups: the name comes from the {@code name} parameter.
 */
@RestController
@RequestMapping("/api/chat")
class GroupQrCodeController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,18}");
    private static final int MAX_NAME = 100;
    private static final int MAX_ORIGIN = 512;

    private final JsonMapper json;

    GroupQrCodeController(JsonMapper json) {
        this.json = json;
    }

    @GetMapping("/groupQrcode/{id}")
    ResponseEntity<byte[]> groupQrCode(
            @PathVariable String id,
            Caller caller,
            @RequestParam(name = "type", required = false) String type,
            @RequestParam(name = "http", required = false) String http,
            @RequestParam(name = "chatType", required = false, defaultValue = "group") String chatType,
            @RequestParam(name = "name", required = false, defaultValue = "") String name) {
        if (!ID.matcher(id).matches()) {
            throw ApiException.badRequest("id must be 1 to 64 letters, digits, '_' or '-'");
        }
        if (name.length() > MAX_NAME) {
            throw ApiException.badRequest("name must be at most " + MAX_NAME + " characters");
        }
        String kind = chatType.toLowerCase(Locale.ROOT);
        if (!kind.equals("group") && !kind.equals("single")) {
            throw ApiException.badRequest("chatType must be single or group");
        }
        String text = "H5".equalsIgnoreCase(type) ? h5Url(checkOrigin(http), id, name, kind) : appPayload(id, name);
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.noStore())
                .body(QrCodePainter.png(text));
    }

    @GetMapping({"/groupQrcode", "/groupQrcode/"})
    ResponseEntity<byte[]> withoutId() {
        throw ApiException.badRequest("id is required");
    }

    private static String h5Url(String origin, String id, String name, String chatType) {
        return origin + "/#/pages/setpageInfo/setpageInfo?action=autoAddGroup&title="
                + UriUtils.encodeQueryParam(name, StandardCharsets.UTF_8) + "&id=" + id + "&chatType=" + chatType;
    }

    private String appPayload(String id, String name) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", NUMERIC.matcher(id).matches() ? (Object) Long.parseLong(id) : id);
        payload.put("name", name);
        return json.writeValueAsString(payload);
    }

    /** The front-end origin must be an http(s) URL without query or fragment; a trailing slash is dropped. */
    private static String checkOrigin(String http) {
        if (http == null || http.isBlank()) {
            throw ApiException.badRequest("http (the front-end origin) is required for type=H5");
        }
        if (http.length() > MAX_ORIGIN) {
            throw ApiException.badRequest("http must be at most " + MAX_ORIGIN + " characters");
        }
        try {
            URI uri = new URI(http);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw ApiException.badRequest("http must be an http(s) origin such as https://chat.example.com");
            }
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("http must be an http(s) origin such as https://chat.example.com");
        }
        return http.replaceAll("/+$", "");
    }
}
