package io.chatmedia.storage;

import java.time.Instant;

/** A stored object: its key, exact size in bytes and last modification time. */
public record BlobInfo(String key, long size, Instant lastModified) {}
