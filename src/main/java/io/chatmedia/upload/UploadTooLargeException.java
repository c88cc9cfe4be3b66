package io.chatmedia.upload;

import java.io.IOException;

/** An upload crossed the caller's size limit; thrown from the stream as soon as the limit is crossed. */
public class UploadTooLargeException extends IOException {

    private final long limit;

    public UploadTooLargeException(long limit) {
        super("file exceeds the upload limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
