package io.chatmedia.system;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * When a request is refused before its body was read (an upload over the limit, a bad token on a large upload),
 * sends the answer at once and closes the connection instead of letting Tomcat read ("swallow") the rest of the
 * body first. Without this, a chunked upload would be read to its end, and the client would not see the refusal
 * until then. A transfer cut for being too slow ({@link TransferLimitFilter}) has its connection closed at once,
 * whatever was left to read or write.
 */
class AbandonedBodyValve extends ValveBase {

    AbandonedBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (request.getAttribute(TransferLimitFilter.CUT) != null) {
            response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
            return;
        }
        if (response.getStatus() < 400 || request.isAsync()) {
            return;
        }
        AtomicBoolean fullyRead = new AtomicBoolean(true);
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
        if (!fullyRead.get()) {
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
            try {
                response.flushBuffer();
            } catch (IOException e) {
                // the client is gone already
            }
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }
}
