package io.chatmedia.process.image.spec;

import io.chatmedia.process.spec.ProcessAction;
import io.chatmedia.system.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one image action's parameters with OSS's ranges. Every failure is a 400 whose message starts with
 * {@code image/<action>:} and names the parameter, e.g. {@code image/resize: w must be an integer in [1,16384]}.
 */
final class Params {

    private final ProcessAction action;

    private Params(ProcessAction action) {
        this.action = action;
    }

    /** Refuses parameters outside {@code known} and a bare value unless {@code bareAllowed}. */
    static Params of(ProcessAction action, boolean bareAllowed, Set<String> known) {
        if (action.bareValue() != null && !bareAllowed) {
            throw fail(action.name(), "takes no value ('" + shorten(action.bareValue()) + "')");
        }
        for (String key : action.params().keySet()) {
            if (!known.contains(key)) {
                throw fail(action.name(), "unknown parameter '" + shorten(key) + "'");
            }
        }
        return new Params(action);
    }

    static ApiException fail(String action, String reason) {
        return ApiException.badRequest("image/" + action + ": " + reason);
    }

    ApiException fail(String reason) {
        return fail(action.name(), reason);
    }

    boolean has(String key) {
        return action.params().containsKey(key);
    }

    String bare() {
        return action.bareValue();
    }

    /** The bare value as an integer in [min,max]; {@code what} names it in the message. */
    int bareInt(String what, int min, int max) {
        if (action.bareValue() == null) {
            throw fail("needs a value: " + what + " in [" + min + "," + max + "]");
        }
        return parseInt(action.bareValue(), what, min, max);
    }

    int integer(String key, int min, int max, int fallback) {
        String value = action.params().get(key);
        return value == null ? fallback : parseInt(value, key, min, max);
    }

    String choice(String key, Set<String> allowed, String fallback) {
        String value = action.params().get(key);
        if (value == null) {
            return fallback;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw fail(key + " must be one of " + String.join(", ", new TreeSet<>(allowed)) + " (got '" + shorten(value)
                    + "')");
        }
        return lower;
    }

    /** {@code RRGGBB} as 0xRRGGBB. */
    int color(String key, int fallback) {
        String value = action.params().get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.matches("[0-9A-Fa-f]{6}")) {
            throw fail(key + " must be a colour RRGGBB in hex (got '" + shorten(value) + "')");
        }
        return Integer.parseInt(value, 16);
    }

    /** URL-safe Base64 ({@code -} and {@code _}, padding optional) decoded as UTF-8; null when absent. */
    String base64(String key, int maxChars) {
        String value = action.params().get(key);
        if (value == null) {
            return null;
        }
        String decoded;
        try {
            if (!value.matches("[A-Za-z0-9_-]+={0,2}")) {
                throw new IllegalArgumentException();
            }
            byte[] bytes = Base64.getUrlDecoder().decode(value.replace("=", ""));
            decoded = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw fail(key + " must be URL-safe Base64 of UTF-8 text (got '" + shorten(value) + "')");
        }
        if (decoded.isEmpty()) {
            throw fail(key + " is empty");
        }
        if (decoded.codePointCount(0, decoded.length()) > maxChars) {
            throw fail(key + " is longer than " + maxChars + " characters");
        }
        return decoded;
    }

    private int parseInt(String value, String what, int min, int max) {
        String digits = value.startsWith("-") ? value.substring(1) : value;
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw fail(what + " must be an integer in [" + min + "," + max + "] (got '" + shorten(value) + "')");
        }
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > max) {
            throw fail(what + " must be an integer in [" + min + "," + max + "] (got " + parsed + ")");
        }
        return parsed;
    }

    static String shorten(String text) {
        return text.length() > 32 ? text.substring(0, 32) + "..." : text;
    }
}
