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
     * The item with its probed values filled in (and its content type corrected when the probe finds it is another
     * kind, see {@link Media#asAudio()}); does not record them.
     *
     * @throws DamagedMediaException            when the file is damaged: the upload is refused
     * @throws io.chatmedia.system.ApiException 400 when the file cannot be read as what it claims to be (it is then
     *                                          recorded without probed values)
     * @throws IOException                      when the store fails
     */
    Media probe(Media media, BlobStore store) throws IOException;
}
