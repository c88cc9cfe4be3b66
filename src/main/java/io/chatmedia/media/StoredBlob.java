package io.chatmedia.media;

import io.chatmedia.storage.BlobStore;

/** An object written completely into a store, with what was measured on the way in. */
public record StoredBlob(BlobStore store, String key, long size, String sha256, String contentType) {}
