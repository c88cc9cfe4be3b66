package io.chatmedia.process.audio;

import io.chatmedia.process.spec.ProcessAction;
import io.chatmedia.system.ApiException;
import java.util.Set;

/**
 * Reads one audio action's parameters. Every failure is a 400 whose message starts with {@code audio/<action>:} and
 * names the parameter, e.g. {@code audio/convert: ar must be an integer in [8000,96000] (got 7)}.
 */
final class AudioParams {

    private final ProcessAction action;

    private AudioParams(ProcessAction action) {
        this.action = action;
    }

    static AudioParams of(ProcessAction action, Set<String> known) {
        if (action.bareValue() != null) {
            throw fail(action.name(), "takes no bare value ('" + shorten(action.bareValue()) + "')");
        }
        for (String key : action.params().keySet()) {
            if (!known.contains(key)) {
                throw fail(action.name(), "unknown parameter '" + shorten(key) + "'");
            }
        }
        return new AudioParams(action);
    }

    static ApiException fail(String action, String reason) {
        return ApiException.badRequest("audio/" + action + ": " + reason);
    }

    ApiException fail(String reason) {
        return fail(action.name(), reason);
    }

    String text(String key) {
        return action.params().get(key);
    }

    boolean has(String key) {
        return action.params().containsKey(key);
    }

    /** The parameter as an integer in [min,max]; null when absent. */
    Long integer(String key, long min, long max, String unit) {
        String value = action.params().get(key);
        if (value == null) {
            return null;
        }
        long parsed;
        try {
            parsed = value.matches("-?\\d{1,18}") ? Long.parseLong(value) : Long.MIN_VALUE;
        } catch (NumberFormatException e) {
            parsed = Long.MIN_VALUE;
        }
        if (parsed < min || parsed > max) {
            String range = max >= Integer.MAX_VALUE ? ">= " + min : "in [" + min + "," + max + "]";
            throw fail(key + " must be an integer " + range + unit + " (got " + shorten(value) + ")");
        }
        return parsed;
    }

    static String shorten(String value) {
        return value.length() <= 32 ? value : value.substring(0, 32) + "...";
    }
}
