package io.chatmedia.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that decides what a failure looks like on the wire: writes {@code {"msg":"fail","data":"<reason>"}}
 * (serialised by Jackson from {@link Envelope#fail}) with its status, {@code Content-Type: application/json} (as
 * every other JSON answer), a known {@code Content-Length}, and {@code Connection: close} when asked to, then
 * commits the response. Used by the exception handler, {@code /error}, the filters, Tomcat's error report valve and
 * the serving path's 416.
 * <p>
 * Writes nothing when the response is already committed (an answer is on its way: adding to it would corrupt it);
 * an {@link IOException} from writing means the client is gone and is passed on.
 */
public final class EnvelopeWriter {

    private static final JsonMapper JSON = JsonMapper.shared();

    private EnvelopeWriter() {}

    /**
     * Answers {@code status} with the failure envelope for {@code reason}; {@code closeConnection} adds
     * {@code Connection: close}, for a request whose body is refused unread (see {@link #mayHaveUnreadBody}).
     */
    public static void fail(HttpServletResponse response, int status, String reason, boolean closeConnection)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        // A known length lets the client read the whole answer even while it is still sending a body we refused.
        byte[] body = JSON.writeValueAsBytes(Envelope.fail(reason));
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        if (closeConnection) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /**
     * Whether the request announced a body that may still be unread: the rest of a refused body is not read (see
     * {@code AbandonedBodyValve}), so the connection closes after the answer.
     */
    public static boolean mayHaveUnreadBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }
}
