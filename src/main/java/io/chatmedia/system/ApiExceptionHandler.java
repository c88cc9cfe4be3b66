package io.chatmedia.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one place where failures become answers: typed {@link ApiException}s keep their status and reason,
 * Spring's own request errors keep theirs, anything else is a logged 500 with no internals in the answer.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ErrorMetrics metrics;

    ApiExceptionHandler(ErrorMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Envelope> api(ApiException e, HttpServletResponse response) {
        return answer(e.status(), e.getMessage(), response);
    }

    @ExceptionHandler(ClientAbortException.class)
    void clientGone(ClientAbortException e) {
        metrics.count(499, "client_abort");
        log.debug("client went away: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Envelope> other(Exception e, HttpServletResponse response) throws Exception {
        if (e instanceof org.springframework.web.servlet.resource.NoResourceFoundException) {
            return answer(HttpStatus.NOT_FOUND, "not found", response);
        }
        if (e instanceof ErrorResponse spring) {
            HttpStatusCode status = spring.getStatusCode();
            String reason = spring.getBody().getDetail();
            return answer(HttpStatus.valueOf(status.value()), reason == null ? status.toString() : reason, response);
        }
        if (e instanceof IOException && response.isCommitted()) {
            metrics.count(499, "client_abort");
            log.debug("response aborted: {}", e.toString());
            return null;
        }
        log.error("unexpected failure", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", response);
    }

    private ResponseEntity<Envelope> answer(HttpStatus status, String reason, HttpServletResponse response) {
        metrics.count(status.value(), status.is5xxServerError() ? "server" : "client");
        if (response.isCommitted()) {
            return null;
        }
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        if (status == HttpStatus.CONTENT_TOO_LARGE) {
            // The rest of the body is not read: close the connection rather than drain it.
            builder.header(HttpHeaders.CONNECTION, "close");
        }
        return builder.body(Envelope.fail(reason));
    }
}
