package io.chatmedia.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (400 in the envelope, naming the parameter) a request whose query string does not decode: a {@code %} not
 * followed by two hex digits, or escaped bytes that are not UTF-8. Decided before any route runs, so nothing is
 * stored for a request that would fail later when a parameter is read (Tomcat throws on such a query string the first
 * time any parameter is asked for).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class QueryStringFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String malformed = QueryParameters.firstMalformed(request.getQueryString());
        if (malformed != null) {
            EnvelopeWriter.fail(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "invalid query string: parameter " + malformed + " is not valid percent-encoded UTF-8",
                    EnvelopeWriter.mayHaveUnreadBody(request));
            return;
        }
        chain.doFilter(request, response);
    }
}
