package io.chatmedia.storage;

import io.chatmedia.system.ServiceUnavailableException;

/**
 * The store cannot be used right now: unreachable, refusing our credentials, or missing its bucket. Answered 503
 * ("storage unavailable, try again later", the reason logged); retrying later may work without restarting anything.
 */
public class StorageUnavailableException extends ServiceUnavailableException {

    public StorageUnavailableException(String reason, Throwable cause) {
        super("storage", reason, cause);
    }
}
