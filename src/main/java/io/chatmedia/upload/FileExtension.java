package io.chatmedia.upload;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The lower-cased extension of a client's file name as Node's {@code path.extname} finds it (a leading dot does not
 * start one), kept only when it is plain letters and digits, so it can never carry a path or a second name.
 */
public final class FileExtension {

    private static final Pattern PLAIN = Pattern.compile("[a-z0-9]{1,16}");

    private FileExtension() {}

    /** @return {@code .png} for {@code "IMG.PNG"}; empty for no extension or an unusual one */
    public static String of(String fileName) {
        if (fileName == null) {
            return "";
        }
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        if (dot <= 0) {
            return "";
        }
        String ext = base.substring(dot + 1).toLowerCase(Locale.ROOT);
        return PLAIN.matcher(ext).matches() ? "." + ext : "";
    }
}
