package io.chatmedia.compat;

import io.chatmedia.system.ApiException;
import io.chatmedia.system.QueryParameters;
import io.chatmedia.upload.ImageClassRule;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * The seed's image class id: query {@code imageClassId}, else form field {@code image_class_id} or
 * {@code imageClassId}, else 0.
 */
final class ImageClassId {

    private ImageClassId() {}

    /** The rule for an upload to the seed's routes; a value that is not an integer refuses it with a 400. */
    static ImageClassRule of(HttpServletRequest request) {
        return fields -> from(QueryParameters.first(request, "imageClassId").orElse(null), fields);
    }

    private static long from(String fromQuery, Map<String, String> fields) {
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
