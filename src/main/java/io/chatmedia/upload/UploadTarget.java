package io.chatmedia.upload;

import io.chatmedia.storage.BlobStore;
import java.util.function.BiFunction;

/**
 * Where and how one endpoint stores its upload.
 *
 * @param store         the store the bytes go to
 * @param keys          the key naming rule
 * @param expectedField the multipart field the file must come under, or null for any
 * @param wrongField    the reason given when the file comes under another field: (expected, actual) to text
 */
public record UploadTarget(
        BlobStore store, KeyScheme keys, String expectedField, BiFunction<String, String, String> wrongField) {

    public static UploadTarget anyField(BlobStore store, KeyScheme keys) {
        return new UploadTarget(store, keys, null, null);
    }

    public static UploadTarget field(BlobStore store, KeyScheme keys, String field) {
        return new UploadTarget(
                store,
                keys,
                field,
                (expected, actual) -> "Expected field '" + expected + "', but got '" + actual + "'");
    }
}
