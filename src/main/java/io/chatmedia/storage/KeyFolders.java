package io.chatmedia.storage;

import java.util.List;

/**
 * The top folders of the keys ChatMedia writes into a store, named once: for the code that writes under them and
 * for the stores' housekeeping (the object store's sweeper looks under these and nowhere else).
 *
 * @param seed the folder of the seed's uploadAliyun route, {@code chatmedia.storage.s3.prefix} (default
 *             {@code images})
 */
public record KeyFolders(String seed) {

    /** The native API's uploads: {@code media/{yyyyMMdd}/...}. */
    public static final String NATIVE = "media";
    /** The seed's Diy uploads and screenshots: {@code Diy/{dir}/{yyyyMMdd}/...}, {@code Diy/VideoScreenshot/...}. */
    public static final String DIY = "Diy";
    /** Processed results (covers, thumbnails, converted images): {@code derived/{media id}/...}. */
    public static final String DERIVED = "derived";
    /** Pieces of unfinished resumable uploads a store keeps as objects of their own: {@code resumable/...}. */
    public static final String RESUMABLE = "resumable";

    /** The plain key prefix of everything under {@code folder}. */
    public static String prefixOf(String folder) {
        return folder + "/";
    }

    /**
     * @throws IllegalArgumentException when {@code key} is not under {@link #DERIVED}, the only folder whose objects
     *                                  can be computed again
     */
    public static void requireRecomputable(String key) {
        if (!key.startsWith(prefixOf(DERIVED))) {
            throw new IllegalArgumentException("only keys under " + prefixOf(DERIVED) + " are recomputable: " + key);
        }
    }

    /** The key prefixes of every folder ChatMedia writes under. */
    public List<String> prefixes() {
        return List.of(prefixOf(seed), prefixOf(DIY), prefixOf(NATIVE), prefixOf(DERIVED));
    }
}
