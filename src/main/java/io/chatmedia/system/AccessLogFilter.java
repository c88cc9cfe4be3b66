package io.chatmedia.system;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
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
 * carry a token), status, declared request length, duration, caller. The line is written by a background thread
 * (logback's {@code AsyncAppender} in front of the root logger's appenders, none dropped; a full queue blocks), so a
 * request does not wait for the console.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessLogFilter extends OncePerRequestFilter {

    private static final Logger access = LoggerFactory.getLogger("chatmedia.access");

    /** Request attribute under which the authenticated caller's id is left for this log. */
    public static final String CALLER_ATTRIBUTE = "io.chatmedia.security.Caller";

    private static final String ASYNC_APPENDER = "chatmedia-access-async";

    public AccessLogFilter() {
        writeInBackground();
    }

    /** Idempotent; after a logging reset (another application context in the same JVM) it installs itself again. */
    static synchronized void writeInBackground() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another logging backend: left as configured
        }
        ch.qos.logback.classic.Logger logger = context.getLogger(access.getName());
        if (logger.getAppender(ASYNC_APPENDER) != null) {
            return;
        }
        AsyncAppender async = new AsyncAppender();
        async.setName(ASYNC_APPENDER);
        async.setContext(context);
        async.setQueueSize(8192);
        async.setDiscardingThreshold(0); // keep every line
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .iteratorForAppenders()
                .forEachRemaining(async::addAppender);
        async.start();
        logger.addAppender(async);
        logger.setAdditive(false);
    }

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
