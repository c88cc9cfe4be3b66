package io.chatmedia.process;

import io.chatmedia.storage.BlobInfo;
import io.chatmedia.storage.BlobStore;

/** What {@link Processor} answers: a stored derived object, or a JSON document computed on the spot. */
public sealed interface Processed {

    /**
     * A derived result kept in {@code store}: a cover, a thumbnail, a conversion.
     *
     * @param etag         a strong entity tag, quoted, stable for the same source and canonical processing
     * @param fallbackName the download name's base when the source has no file name ({@code cover}, {@code image})
     */
    record Derived(BlobStore store, BlobInfo blob, String contentType, String etag, String fallbackName)
            implements Processed {

        /** The result's file extension with its dot ({@code .jpg}), from its key. */
        public String extension() {
            return blob.key().substring(blob.key().lastIndexOf('.'));
        }
    }

    /** A processed representation such as {@code image/info}: the bare JSON body, not an API envelope. */
    record Document(Object body) implements Processed {}
}
