package io.chatmedia.resumable;

/**
 * A refused tus request with its status, which may be one HTTP does not name (460, checksum mismatch); answered in
 * the envelope like every failure.
 */
final class TusException extends RuntimeException {

    static final int CHECKSUM_MISMATCH = 460;

    private final int status;

    TusException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    int status() {
        return status;
    }

    static TusException badRequest(String reason) {
        return new TusException(400, reason);
    }

    static TusException notFound() {
        return new TusException(404, "no such upload");
    }

    static TusException conflict(String reason) {
        return new TusException(409, reason);
    }

    static TusException tooLarge(String reason) {
        return new TusException(413, reason);
    }
}
