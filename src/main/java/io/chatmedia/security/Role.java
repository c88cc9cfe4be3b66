package io.chatmedia.security;

import java.util.Locale;

/** A caller's role, from the token's {@code role} claim; an absent claim means {@link #USER}. */
public enum Role {
    USER,
    GUEST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
