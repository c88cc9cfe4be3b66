package io.chatmedia.storage;

/** One object to read: the store holding it, its key there and its size in bytes. */
public record BlobRef(BlobStore store, String key, long size) {}
