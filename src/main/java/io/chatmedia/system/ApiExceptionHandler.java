package io.chatmedia.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import io.chatmedia.storage.StorageUnavailableException;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where failures become answers: typed {@link ApiException}s keep their status and reason,
 * Spring's own request errors keep theirs, anything else is a logged 500 with no internals in the answer.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ErrorMetrics metrics;
    private final JsonMapper json;

    ApiExceptionHandler(ErrorMetrics metrics, JsonMapper json) {
        this.metrics = metrics;
        this.json = json;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<byte[]> api(ApiException e, HttpServletRequest request, HttpServletResponse response) {
        return answer(e.status(), e.getMessage(), request, response);
    }

    /** The store is unreachable, refuses our credentials or lacks its bucket: try again later. */
    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<byte[]> storageUnavailable(StorageUnavailableException e, HttpServletRequest request,
            HttpServletResponse response) {
        log.warn("storage unavailable: {}", e.getMessage());
        return answer(HttpStatus.SERVICE_UNAVAILABLE, "storage unavailable, try again later", request, response);
    }

    @ExceptionHandler(ClientAbortException.class)
    void clientGone(ClientAbortException e) {
        metrics.count(499, "client_abort");
        log.debug("client went away: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> other(Exception e, HttpServletRequest request, HttpServletResponse response) {
        if (e instanceof org.springframework.web.servlet.resource.NoResourceFoundException) {
            return answer(HttpStatus.NOT_FOUND, "not found", request, response);
        }
        if (e instanceof ErrorResponse spring) {
            HttpStatusCode status = spring.getStatusCode();
            String reason = spring.getBody().getDetail();
            return answer(HttpStatus.valueOf(status.value()), reason == null ? status.toString() : reason, request,
                    response);
        }
        if (e instanceof IOException && response.isCommitted()) {
            metrics.count(499, "client_abort");
            log.debug("response aborted: {}", e.toString());
            return null;
        }
        log.error("unexpected failure", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", request, response);
    }

    private static boolean mayHaveUnreadBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private ResponseEntity<byte[]> answer(HttpStatus status, String reason, HttpServletRequest request,
            HttpServletResponse response) {
        metrics.count(status.value(), status.is5xxServerError() ? "server" : "client");
        if (response.isCommitted()) {
            return null;
        }
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        if (mayHaveUnreadBody(request)) {
            // The rest of a refused body is not read (see AbandonedBodyValve): the connection closes after this answer.
            builder.header(HttpHeaders.CONNECTION, "close");
        }
        // A known length lets the client read the whole answer even while it is still sending a body we refused.
        byte[] body = json.writeValueAsBytes(Envelope.fail(reason));
        return builder.contentType(MediaType.APPLICATION_JSON).contentLength(body.length).body(body);
    }
}
