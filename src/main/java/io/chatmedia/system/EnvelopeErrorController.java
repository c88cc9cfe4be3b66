package io.chatmedia.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors raised outside Spring MVC (the container rejecting a URL, a filter failing) in the
 * same envelope as every other error, instead of Boot's default error page. A status that is not an error
 * becomes a 500; nothing is added to an answer already on its way (a refused upload closed early).
 */
@RestController
class EnvelopeErrorController implements ErrorController {

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String reason = status.is5xxServerError()
                ? "internal error"
                : status.getReasonPhrase().toLowerCase();
        EnvelopeWriter.fail(response, status.value(), reason, false);
    }
}
