package io.chatmedia.process.spec;

import io.chatmedia.system.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits an {@code x-oss-process} value into its kind and actions, per OSS's grammar:
 * {@code <kind>/<action>,<k>_<v>,<k>_<v>/<action>,...}; an action may take one bare value instead of, or before, its
 * parameters; a repeated key's last value wins. Does no I/O and knows no action's meaning: unknown kinds, empty
 * actions, bad names and over-long strings are 400s that name the fault.
 */
public final class ProcessParser {

    static final int MAX_LENGTH = 2048;
    private static final Set<String> KINDS = Set.of("image", "video", "audio", "style");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,15}");
    private static final Pattern STYLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");

    private ProcessParser() {}

    /** @throws ApiException 400 naming what is wrong */
    public static ProcessRequest parse(String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("x-oss-process: empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw ApiException.badRequest("x-oss-process: longer than " + MAX_LENGTH + " characters");
        }
        String[] steps = value.split("/", -1);
        String kind = steps[0];
        if (!KINDS.contains(kind)) {
            throw ApiException.badRequest(
                    "x-oss-process: unknown kind '" + shorten(kind) + "'" + " (image, video, audio or style)");
        }
        if (steps.length < 2) {
            throw ApiException.badRequest("x-oss-process: " + kind + " needs an action");
        }
        if (kind.equals("style")) {
            return style(steps);
        }
        List<ProcessAction> actions = new ArrayList<>();
        for (int i = 1; i < steps.length; i++) {
            actions.add(action(kind, steps[i]));
        }
        return new ProcessRequest(kind, actions);
    }

    private static ProcessRequest style(String[] steps) {
        if (steps.length != 2 || !STYLE_NAME.matcher(steps[1]).matches()) {
            throw ApiException.badRequest("x-oss-process: style name must be 1 to 63 of [A-Za-z0-9_.-]");
        }
        return new ProcessRequest("style", List.of(new ProcessAction(steps[1], null, Map.of())));
    }

    private static ProcessAction action(String kind, String step) {
        if (step.isEmpty()) {
            throw ApiException.badRequest("x-oss-process: " + kind + " has an empty action");
        }
        String[] tokens = step.split(",", -1);
        String name = tokens[0];
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("x-oss-process: " + kind + " action name '" + shorten(name) + "' is invalid");
        }
        String bare = null;
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            int underscore = token.indexOf('_');
            if (underscore > 0 && KEY.matcher(token.substring(0, underscore)).matches()) {
                params.put(token.substring(0, underscore), token.substring(underscore + 1));
            } else if (i == 1 && !token.isEmpty()) {
                bare = token;
            } else {
                throw ApiException.badRequest("x-oss-process: " + kind + "/" + name + ": parameter '" + shorten(token)
                        + "' is not of the form key_value");
            }
        }
        return new ProcessAction(name, bare, params);
    }

    private static String shorten(String text) {
        return text.length() > 32 ? text.substring(0, 32) + "..." : text;
    }
}
