package io.chatmedia.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A field of a JSON answer read with a regular expression (the first of that name, at any depth). */
public final class JsonFields {

    private JsonFields() {}

    /** The first string field {@code field}; fails when there is none. */
    public static String string(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"]*)\"")
                .matcher(json);
        if (!m.find()) {
            fail("no string field '" + field + "' in " + json);
        }
        return m.group(1);
    }

    /** The first non-negative integer field {@code field}, as written; fails when there is none. */
    public static String number(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(\\d+)")
                .matcher(json);
        if (!m.find()) {
            fail("no number field '" + field + "' in " + json);
        }
        return m.group(1);
    }
}
