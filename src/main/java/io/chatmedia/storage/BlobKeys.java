package io.chatmedia.storage;

/**
 * The one rule for what a key may be, shared by every store: 1 to 1024 characters of relative,
 * {@code /}-separated segments, none empty, none {@code .} or {@code ..}, none starting with the
 * reserved {@link #RESERVED_PREFIX}, no backslash and no control characters.
 */
public final class BlobKeys {

    /** Names starting with this are the stores' own (temporary files); no key segment may use it. */
    public static final String RESERVED_PREFIX = ".cm-";

    private static final int MAX_LENGTH = 1024;

    private BlobKeys() {}

    /**
     * @return the key unchanged when it is acceptable
     * @throws InvalidBlobKeyException naming what is wrong with it
     */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidBlobKeyException("empty key");
        }
        if (key.length() > MAX_LENGTH) {
            throw new InvalidBlobKeyException("key longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new InvalidBlobKeyException("key contains a control character or backslash");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidBlobKeyException("key has an empty, '.' or '..' segment");
            }
            if (segment.startsWith(RESERVED_PREFIX)) {
                throw new InvalidBlobKeyException("key segment uses the reserved prefix " + RESERVED_PREFIX);
            }
        }
        return key;
    }

    /** Whether {@code key} passes {@link #check(String)}. */
    public static boolean isValid(String key) {
        try {
            check(key);
            return true;
        } catch (InvalidBlobKeyException e) {
            return false;
        }
    }
}
