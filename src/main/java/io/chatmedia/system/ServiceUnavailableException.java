package io.chatmedia.system;

import java.io.IOException;

/**
 * A service the server depends on (the store, say) cannot be used right now: unreachable, refusing our credentials,
 * missing what it should hold. Answered 503 with {@link #publicReason()} by the exception handler; the detail
 * ({@link #getMessage()}) is logged, never shown. Retrying later may work without restarting anything.
 * A checked {@link IOException}, so a store's I/O contract can declare it.
 */
public class ServiceUnavailableException extends IOException {

    private final String service;

    /**
     * @param service what is unavailable, as the client may read it ({@code "storage"})
     * @param detail why, for the log
     */
    public ServiceUnavailableException(String service, String detail, Throwable cause) {
        super(detail, cause);
        this.service = service;
    }

    public String service() {
        return service;
    }

    /** The answer's reason: which service, and that trying again later may work. */
    public String publicReason() {
        return service + " unavailable, try again later";
    }
}
