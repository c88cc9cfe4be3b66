package io.chatmedia.process;

import io.chatmedia.media.Media;
import io.chatmedia.storage.BlobStore;
import java.io.IOException;

/**
 * Reads what a just-stored media item is (sizes, duration, codecs...) from its headers; one per kind of media, found
 * by the {@link MediaProber}.
 */
public interface MediaProbe {

    /** Whether this probe reads {@code media} (by its kind and content type). */
    boolean reads(Media media);

    /**
     * The item with its probed values filled in; does not record them.
     *
     * @throws io.chatmedia.system.ApiException 400 when the file cannot be read as what it claims to be
     * @throws IOException                      when the store fails
     */
    Media probe(Media media, BlobStore store) throws IOException;
}
