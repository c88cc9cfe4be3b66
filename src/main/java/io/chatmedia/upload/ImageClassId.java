package io.chatmedia.upload;

import io.chatmedia.system.ApiException;
import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The seed's image class id: query {@code imageClassId}, else form field {@code image_class_id} or
 * {@code imageClassId}, else 0.
 */
final class ImageClassId {

    private ImageClassId() {
    }

    static long from(String queryString, Map<String, String> fields) {
        String value = null;
        if (queryString != null && queryString.contains("imageClassId")) {
            value = UriComponentsBuilder.newInstance().query(queryString).build().getQueryParams()
                    .getFirst("imageClassId");
        }
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
