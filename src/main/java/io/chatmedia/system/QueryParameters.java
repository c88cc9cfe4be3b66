package io.chatmedia.system;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Query parameters read from the query string itself, decoded strictly: {@code %} must be followed by two hex digits
 * and the bytes must be UTF-8, otherwise the request is a 400 naming the parameter. {@code request.getParameter}
 * would make the container parse (and buffer) a body sent as {@code application/x-www-form-urlencoded}, which upload
 * routes must never do. {@link QueryStringFilter} refuses a malformed query string before any route runs.
 */
public final class QueryParameters {

    private QueryParameters() {}

    /**
     * The first value of {@code name}, percent-decoded; empty when absent or blank.
     *
     * @throws ApiException 400 when the query string is malformed
     */
    public static Optional<String> first(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null || !query.contains(name)) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            if (!decode(rawName, rawName).equals(name)) {
                continue;
            }
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            return value.isBlank() ? Optional.empty() : Optional.of(value);
        }
        return Optional.empty();
    }

    /** The name of the first parameter of {@code query} that does not decode, or null when all do. */
    public static String firstMalformed(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            try {
                decodeOrThrow(rawName);
                decodeOrThrow(eq < 0 ? "" : pair.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                return printable(rawName);
            }
        }
        return null;
    }

    /**
     * {@code raw} percent-decoded ({@code +} is a space) as UTF-8.
     *
     * @throws ApiException 400 naming {@code what} when an escape is malformed or the bytes are not UTF-8
     */
    public static String decode(String raw, String what) {
        try {
            return decodeOrThrow(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(printable(what) + ": " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException saying what is wrong */
    static String decodeOrThrow(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("malformed percent-encoding at character " + (i + 1));
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-encoded bytes are not UTF-8");
        }
    }

    /** A name safe to echo in a reason: at most 64 characters, no controls. */
    private static String printable(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
