package io.chatmedia.resumable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Upload-Metadata} header: comma-separated {@code key base64value} pairs (the value may be absent). Keys
 * are ASCII without spaces or commas and unique; the header is at most {@link #MAX_LENGTH} characters. Of the
 * values, ChatMedia uses {@code filename} (recorded as the original name, and for the stored file's extension) and
 * {@code filetype} (kept, never trusted: the type is sniffed from the bytes).
 */
record UploadMetadata(String raw, Map<String, String> values) {

    static final int MAX_LENGTH = 4096;

    static final UploadMetadata NONE = new UploadMetadata(null, Map.of());

    /** @throws TusException 400 naming what is wrong */
    static UploadMetadata parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        if (header.length() > MAX_LENGTH) {
            throw TusException.badRequest("Upload-Metadata is longer than " + MAX_LENGTH + " characters");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : header.split(",", -1)) {
            String trimmed = pair.trim();
            String[] parts = trimmed.split(" ", -1);
            if (trimmed.isEmpty() || parts.length > 2 || !validKey(parts[0])) {
                throw TusException.badRequest("Upload-Metadata is not a list of 'key base64' pairs");
            }
            String value = "";
            if (parts.length == 2) {
                try {
                    value = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw TusException.badRequest("Upload-Metadata: the value of '" + parts[0] + "' is not Base64");
                }
            }
            if (values.put(parts[0], value) != null) {
                throw TusException.badRequest("Upload-Metadata: '" + parts[0] + "' is given twice");
            }
        }
        return new UploadMetadata(header.trim(), values);
    }

    private static boolean validKey(String key) {
        if (key.isEmpty() || key.length() > 128) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ',') {
                return false;
            }
        }
        return true;
    }

    String filename() {
        return values.get("filename");
    }

    String filetype() {
        return values.get("filetype");
    }
}
