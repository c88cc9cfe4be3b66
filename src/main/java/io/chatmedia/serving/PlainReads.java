package io.chatmedia.serving;

import io.chatmedia.media.MediaUrls;
import jakarta.servlet.http.HttpServletRequest;

/** Which requests are plain reads of stored objects: {@code GET|HEAD /public/uploads/{key}} with no processing. */
final class PlainReads {

    private PlainReads() {}

    static boolean isPlainRead(HttpServletRequest request) {
        String method = request.getMethod();
        return ("GET".equals(method) || "HEAD".equals(method))
                && request.getRequestURI().startsWith(request.getContextPath() + MediaUrls.PUBLIC_PREFIX)
                && (request.getQueryString() == null || request.getParameter("x-oss-process") == null);
    }
}
