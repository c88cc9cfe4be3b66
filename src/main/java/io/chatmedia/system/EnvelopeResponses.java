package io.chatmedia.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;

/**
 * Writes a failure envelope straight to a servlet response, for the few places that answer outside Spring MVC's
 * handler (filters, the serving path): a known Content-Length, and {@code Connection: close} when a request body
 * may be left unread.
 */
public final class EnvelopeResponses {

    private EnvelopeResponses() {
    }

    public static void fail(HttpServletResponse response, int status, String reason, boolean closeConnection)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] body = ("{\"msg\":\"fail\",\"data\":\"" + escape(reason) + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        if (closeConnection) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
