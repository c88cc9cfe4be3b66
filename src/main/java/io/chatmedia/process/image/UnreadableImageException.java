package io.chatmedia.process.image;

/** The bytes are not an image ChatMedia can read, or are damaged; the message says how, for a 400. */
public class UnreadableImageException extends RuntimeException {

    public UnreadableImageException(String reason) {
        super(reason);
    }
}
