package io.chatmedia.process;

import io.chatmedia.system.ApiException;
import org.springframework.http.HttpStatus;

/**
 * A file found damaged (cut short, corrupt data): a 400 saying what is wrong. Thrown by a {@link MediaProbe} it is a
 * veto, unlike a file the probe merely cannot read: the upload is refused and nothing is kept.
 */
public class DamagedMediaException extends ApiException {

    public DamagedMediaException(String reason) {
        super(HttpStatus.BAD_REQUEST, reason);
    }
}
