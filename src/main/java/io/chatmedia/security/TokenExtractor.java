package io.chatmedia.security;

import io.chatmedia.system.QueryParameters;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Finds the token where clients put it: the {@code token} header (the seed's client), {@code Authorization: Bearer}
 * (native clients), or {@code ?token=} (an {@code <image src>} cannot set headers). The query string is read
 * directly, so a request body is never consumed to look for it.
 */
final class TokenExtractor {

    private static final String BEARER = "bearer ";

    private TokenExtractor() {}

    static Optional<String> from(HttpServletRequest request) {
        String header = request.getHeader("token");
        if (header != null && !header.isBlank()) {
            return Optional.of(header.trim());
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).trim();
            if (!token.isEmpty()) {
                return Optional.of(token);
            }
        }
        return QueryParameters.first(request, "token");
    }
}
