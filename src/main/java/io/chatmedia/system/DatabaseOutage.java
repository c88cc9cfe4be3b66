package io.chatmedia.system;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Recognises a metadata database that cannot be used right now (unreachable, out of connections, locked). */
public final class DatabaseOutage {

    /** The reason given while the metadata database cannot be used: nothing was recorded, try again. */
    public static final String REASON = "the metadata database is busy or unavailable, try again later";

    private DatabaseOutage() {}

    /** Whether {@code e} says the metadata database is unreachable, refused a connection in time, or is locked. */
    public static boolean is(Throwable e) {
        if (e instanceof TransientDataAccessException
                || e instanceof DataAccessResourceFailureException
                || e instanceof CannotCreateTransactionException) {
            return true;
        }
        if (!(e instanceof DataAccessException)) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("SQLITE_BUSY") || message.contains("database is locked"))) {
                return true;
            }
        }
        return false;
    }
}
