package io.chatmedia.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (400 in the envelope) any request whose raw path has a dot segment ({@code .}, {@code ..}, also
 * percent-encoded), an encoded slash or backslash, or a {@code ;} path parameter, before the container's
 * normalisation can turn it into another path (or strip {@code ;...} silently). No legitimate client URL needs
 * them; path traversal attempts always do.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class PathSafetyFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isUnsafe(request.getRequestURI())) {
            EnvelopeWriter.fail(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "invalid path",
                    EnvelopeWriter.mayHaveUnreadBody(request));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isUnsafe(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f")
                || lower.contains("%5c")
                || lower.contains("\\")
                || lower.contains("%00")
                || lower.contains(";")) {
            return true;
        }
        for (String segment : rawPath.split("/", -1)) {
            String decoded;
            try {
                decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return true;
            }
            int semicolon = decoded.indexOf(';');
            String name = semicolon < 0 ? decoded : decoded.substring(0, semicolon);
            if (name.equals(".") || name.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
