package io.chatmedia.storage;

/** A key that could escape the store or name something that is not an object; refused before any I/O. */
public class InvalidBlobKeyException extends IllegalArgumentException {

    public InvalidBlobKeyException(String reason) {
        super(reason);
    }
}
