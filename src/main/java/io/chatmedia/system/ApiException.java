package io.chatmedia.system;

import org.springframework.http.HttpStatus;

/**
 * A failure with the HTTP status it answers with and a reason safe to show to the user.
 * Thrown anywhere below a controller; {@link ApiExceptionHandler} turns it into the envelope.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;

    public ApiException(HttpStatus status, String reason) {
        super(reason);
        this.status = status;
    }

    public ApiException(HttpStatus status, String reason, Throwable cause) {
        super(reason, cause);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(HttpStatus.BAD_REQUEST, reason);
    }

    public static ApiException notFound(String reason) {
        return new ApiException(HttpStatus.NOT_FOUND, reason);
    }

    public static ApiException unauthorized(String reason) {
        return new ApiException(HttpStatus.UNAUTHORIZED, reason);
    }

    public static ApiException forbidden(String reason) {
        return new ApiException(HttpStatus.FORBIDDEN, reason);
    }

    public static ApiException tooLarge(String reason) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, reason);
    }

    public static ApiException unsupportedMediaType(String reason) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, reason);
    }
}
