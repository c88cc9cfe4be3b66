package io.chatmedia.system;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A query parameter read from the query string itself. {@code request.getParameter} would make the container parse
 * (and buffer) a body sent as {@code application/x-www-form-urlencoded}, which upload routes must never do.
 */
public final class QueryParameters {

    private QueryParameters() {}

    /** The first value of {@code name}, percent-decoded; empty when absent or blank. */
    public static Optional<String> first(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null || !query.contains(name)) {
            return Optional.empty();
        }
        String raw = UriComponentsBuilder.newInstance()
                .query(query)
                .build(false)
                .getQueryParams()
                .getFirst(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(URLDecoder.decode(raw, StandardCharsets.UTF_8));
    }
}
