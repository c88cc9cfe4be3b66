package io.chatmedia.system;

import org.springframework.http.HttpStatus;

/**
 * A failure with the HTTP status it answers with and a reason safe to show to the user.
 * Thrown anywhere below a controller; {@link ApiExceptionHandler} turns it into the envelope.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final long retryAfterSeconds;

    public ApiException(HttpStatus status, String reason) {
        this(status, reason, null, 0);
    }

    public ApiException(HttpStatus status, String reason, Throwable cause) {
        this(status, reason, cause, 0);
    }

    private ApiException(HttpStatus status, String reason, Throwable cause, long retryAfterSeconds) {
        super(reason, cause);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    /** What {@code Retry-After} says, in seconds; 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** A 429, answered with {@code Retry-After}. */
    public static ApiException tooManyRequests(String reason, long retryAfterSeconds) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, reason, null, retryAfterSeconds);
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
