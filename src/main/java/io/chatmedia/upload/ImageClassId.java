package io.chatmedia.upload;

import io.chatmedia.system.ApiException;
import java.util.Map;

/**
 * The seed's image class id: query {@code imageClassId}, else form field {@code image_class_id} or
 * {@code imageClassId}, else 0.
 */
final class ImageClassId {

    private ImageClassId() {
    }

    static long from(String fromQuery, Map<String, String> fields) {
        String value = fromQuery;
        if (value == null || value.isBlank()) {
            value = fields.get("image_class_id");
        }
        if (value == null || value.isBlank()) {
            value = fields.get("imageClassId");
        }
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("imageClassId must be an integer");
        }
    }
}
