package io.chatmedia.serving;

import io.chatmedia.media.MediaUrls;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Which requests are plain reads of stored objects: {@code GET|HEAD /public/uploads/{key}} with no processing. Decided
 * from the raw query, without parsing the parameters (this runs before the query string is checked, and parsing a
 * malformed one here would take the check's answer away): a query with any escape is not called plain (the controller
 * decodes it), nor one naming {@code x-oss-process}.
 */
final class PlainReads {

    private static final String PROCESS = "x-oss-process";

    private PlainReads() {}

    static boolean isPlainRead(HttpServletRequest request) {
        String method = request.getMethod();
        return ("GET".equals(method) || "HEAD".equals(method))
                && request.getRequestURI().startsWith(request.getContextPath() + MediaUrls.PUBLIC_PREFIX)
                && hasNoProcessing(request.getQueryString());
    }

    static boolean hasNoProcessing(String query) {
        if (query == null) {
            return true;
        }
        if (query.indexOf('%') >= 0 || query.indexOf('+') >= 0) {
            return false;
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            if ((equals < 0 ? pair : pair.substring(0, equals)).equals(PROCESS)) {
                return false;
            }
        }
        return true;
    }
}
