package io.chatmedia.storage;

import java.net.URI;
import java.time.Instant;

/** A URL that stops working at {@code expiresAt}, such as a presigned object store URL. */
public record ExpiringUrl(URI url, Instant expiresAt) {}
