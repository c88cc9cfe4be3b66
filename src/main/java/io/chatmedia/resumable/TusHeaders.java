package io.chatmedia.resumable;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The tus 1.0 header names and the answers' common headers. */
final class TusHeaders {

    static final String VERSION = "1.0.0";
    static final String TUS_RESUMABLE = "Tus-Resumable";
    static final String TUS_VERSION = "Tus-Version";
    static final String TUS_EXTENSION = "Tus-Extension";
    static final String TUS_MAX_SIZE = "Tus-Max-Size";
    static final String TUS_CHECKSUM_ALGORITHM = "Tus-Checksum-Algorithm";
    static final String UPLOAD_OFFSET = "Upload-Offset";
    static final String UPLOAD_LENGTH = "Upload-Length";
    static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";
    static final String UPLOAD_METADATA = "Upload-Metadata";
    static final String UPLOAD_EXPIRES = "Upload-Expires";
    static final String UPLOAD_CHECKSUM = "Upload-Checksum";
    static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
    static final String MEDIA_ID = "X-Media-Id";
    static final String MEDIA_URL = "X-Media-Url";
    static final String EXTENSIONS =
            "creation,creation-with-upload,creation-defer-length,termination,expiration,checksum";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private TusHeaders() {}

    static void resumable(HttpServletResponse response) {
        response.setHeader(TUS_RESUMABLE, VERSION);
    }

    static String httpDate(long epochMillis) {
        return HTTP_DATE.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * A non-negative decimal length or offset, as tus requires.
     *
     * @return null when the header is absent; @throws TusException 400 otherwise
     */
    static Long number(String name, String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw TusException.badRequest(name + " must be a non-negative integer");
        }
        return Long.parseLong(value);
    }
}
