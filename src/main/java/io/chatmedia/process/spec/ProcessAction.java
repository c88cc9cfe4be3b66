package io.chatmedia.process.spec;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One action of an {@code x-oss-process} string as written: its name, an optional bare value
 * ({@code rotate,90}, {@code format,webp}) and its {@code k_v} parameters, a repeated key's last value winning.
 * Meaning and ranges are checked by the action's own parser, not here.
 */
public record ProcessAction(String name, String bareValue, Map<String, String> params) {

    public ProcessAction {
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
    }

    public Optional<String> param(String key) {
        return Optional.ofNullable(params.get(key));
    }

    /** {@code name[,bare][,k_v...]} with keys sorted: equal actions print equally. */
    public String canonical() {
        StringBuilder out = new StringBuilder(name);
        if (bareValue != null) {
            out.append(',').append(bareValue);
        }
        for (Map.Entry<String, String> param : params.entrySet()) {
            out.append(',').append(param.getKey()).append('_').append(param.getValue());
        }
        return out.toString();
    }
}
