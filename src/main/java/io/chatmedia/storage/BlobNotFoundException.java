package io.chatmedia.storage;

import java.io.IOException;

/** No object is stored under the key asked for. */
public class BlobNotFoundException extends IOException {

    public BlobNotFoundException(String key) {
        super("no object stored under " + key);
    }
}
