package io.chatmedia.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where failures become answers: typed {@link ApiException}s keep their status and reason,
 * a {@link ServiceUnavailableException} and an unreachable database are 503s with a public reason, Spring's own request errors keep theirs,
 * anything else is a logged 500 with no internals in the answer. The answer is written by {@link EnvelopeWriter};
 * nothing is written once the response is committed (the client got part of an answer already).
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ErrorMetrics metrics;

    ApiExceptionHandler(ErrorMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(ApiException.class)
    void api(ApiException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (e.retryAfterSeconds() > 0 && !response.isCommitted()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        answer(e.status(), e.getMessage(), request, response);
    }

    /** A service we depend on (the store) is unreachable, refuses our credentials or lacks its bucket. */
    @ExceptionHandler(ServiceUnavailableException.class)
    void serviceUnavailable(ServiceUnavailableException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        log.warn("{} unavailable: {}", e.service(), e.getMessage());
        answer(HttpStatus.SERVICE_UNAVAILABLE, e.publicReason(), request, response);
    }

    /**
     * A form body (or query string) Tomcat cannot decode: a malformed {@code %} escape, bytes that are not UTF-8, too
     * many parameters. Thrown the first time any parameter is read.
     */
    @ExceptionHandler(InvalidParameterException.class)
    void invalidParameters(InvalidParameterException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        HttpStatus status = e.getErrorCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE
                ? HttpStatus.CONTENT_TOO_LARGE
                : HttpStatus.BAD_REQUEST;
        answer(
                status,
                status == HttpStatus.BAD_REQUEST
                        ? "invalid request parameters: malformed percent-encoding or not UTF-8"
                        : "too many request parameters",
                request,
                response);
    }

    @ExceptionHandler(ClientAbortException.class)
    void clientGone(ClientAbortException e) {
        metrics.count(499, "client_abort");
        log.debug("client went away: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    void other(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (e instanceof NoResourceFoundException) {
            answer(HttpStatus.NOT_FOUND, "not found", request, response);
            return;
        }
        if (e instanceof ErrorResponse spring) {
            HttpStatusCode status = spring.getStatusCode();
            String reason = spring.getBody().getDetail();
            answer(HttpStatus.valueOf(status.value()), reason == null ? status.toString() : reason, request, response);
            return;
        }
        if (DatabaseOutage.is(e)) {
            log.warn("metadata database unavailable: {}", e.toString());
            answer(HttpStatus.SERVICE_UNAVAILABLE, DatabaseOutage.REASON, request, response);
            return;
        }
        if (storageFull(e)) {
            log.warn("storage full: {}", e.toString());
            answer(HttpStatus.INSUFFICIENT_STORAGE, "the server's storage is full, try again later", request, response);
            return;
        }
        if (e instanceof IOException && response.isCommitted()) {
            metrics.count(499, "client_abort");
            log.debug("response aborted: {}", e.toString());
            return;
        }
        log.error("unexpected failure", e);
        answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", request, response);
    }

    /**
     * The metadata database cannot be reached or stayed locked past its busy timeout: nothing was recorded (a blob
     * already stored is removed by whoever stored it), and a retry may work without a restart.
     */

    /** A disk out of space (ENOSPC) under a blob write, or SQLite's "database or disk is full". */
    static boolean storageFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null
                    && (message.contains("No space left on device") || message.contains("database or disk is full"))) {
                return true;
            }
        }
        return false;
    }

    private void answer(HttpStatus status, String reason, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        metrics.count(status.value(), status.is5xxServerError() ? "server" : "client");
        EnvelopeWriter.fail(response, status.value(), reason, EnvelopeWriter.mayHaveUnreadBody(request));
    }
}
