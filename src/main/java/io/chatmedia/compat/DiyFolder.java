package io.chatmedia.compat;

import io.chatmedia.system.ApiException;
import java.util.regex.Pattern;

/** The client-chosen Diy folder: one path segment of 1 to 64 ASCII letters, digits, {@code _} and {@code -}. */
final class DiyFolder {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private DiyFolder() {}

    /** @throws ApiException 400 naming the rule */
    static String check(String folder) {
        if (folder == null || !SEGMENT.matcher(folder).matches()) {
            throw ApiException.badRequest("diydir must be 1 to 64 characters of letters, digits, '_' and '-'");
        }
        return folder;
    }
}
