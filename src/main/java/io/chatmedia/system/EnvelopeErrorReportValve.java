package io.chatmedia.system;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error answers (a URL it refuses before any servlet runs) in the envelope, written by
 * {@link EnvelopeWriter}, instead of its HTML page. Adds nothing to an answer that already has content; when the
 * client is gone or the response is committed, nothing more is said. The connection is closed either way.
 */
public class EnvelopeErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String reason = reason(request, status);
        try {
            response.resetBuffer(true); // nothing is written yet; a writer someone took must not stop the stream
            EnvelopeWriter.fail(response, status, reason, false);
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is already committed: nothing more to say
        }
        response.getCoyoteResponse().action(ActionCode.CLOSE, null);
    }

    /** Tomcat answers 501 only for a transfer coding it does not implement (RFC 9112): say which. */
    private static String reason(Request request, int status) {
        if (status == 501) {
            String codings = request.getHeader("Transfer-Encoding");
            List<String> unsupported = new ArrayList<>();
            if (codings != null) {
                for (String coding : codings.split(",")) {
                    String name = coding.trim().toLowerCase(Locale.ROOT);
                    if (!name.equals("chunked") && !name.equals("identity")) {
                        unsupported.add(name.length() > 32 ? name.substring(0, 32) + "…" : name);
                    }
                }
            }
            return "unsupported Transfer-Encoding"
                    + (unsupported.isEmpty() ? "" : ": " + String.join(", ", unsupported))
                    + " (only chunked is supported)";
        }
        return status >= 500 ? "internal error" : status == 404 ? "not found" : "bad request";
    }
}
