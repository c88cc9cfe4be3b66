package io.chatmedia.storage;

import java.io.IOException;

/**
 * The store cannot be used right now: unreachable, refusing our credentials, or missing its bucket. Answered 503;
 * retrying later may work without restarting anything.
 */
public class StorageUnavailableException extends IOException {

    public StorageUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
