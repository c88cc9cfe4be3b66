package io.chatmedia.upload;

/** Names the storage key of a new upload from the client's file name (for its extension). */
@FunctionalInterface
public interface KeyScheme {

    String keyFor(String originalFileName);
}
