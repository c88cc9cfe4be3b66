package io.chatmedia.security;

/**
 * Who is asking, as their verified token says. A controller method that takes a {@code Caller} requires a
 * valid token: without one the request is answered 401 before the handler runs (and before any body is read).
 *
 * @param id       the user id ({@code id} claim, or {@code sub})
 * @param username the optional {@code username} claim, or null
 * @param role     user or guest
 */
public record Caller(String id, String username, Role role) {

    public boolean isGuest() {
        return role == Role.GUEST;
    }
}
