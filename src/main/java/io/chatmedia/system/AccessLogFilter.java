package io.chatmedia.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One line per request on the {@code chatmedia.access} logger: method, path (the query left out: it may
 * carry a token), status, declared request length, duration, caller.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessLogFilter extends OncePerRequestFilter {

    private static final Logger access = LoggerFactory.getLogger("chatmedia.access");

    /** Request attribute under which the authenticated caller's id is left for this log. */
    public static final String CALLER_ATTRIBUTE = "io.chatmedia.security.Caller";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            long micros = (System.nanoTime() - start) / 1000;
            Object caller = request.getAttribute(CALLER_ATTRIBUTE);
            access.info(
                    "{} {} {} in={} {}ms caller={}",
                    request.getMethod(),
                    request.getRequestURI(),
                    response.getStatus(),
                    request.getContentLengthLong(),
                    micros / 1000.0,
                    caller == null ? "-" : caller);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }
}
