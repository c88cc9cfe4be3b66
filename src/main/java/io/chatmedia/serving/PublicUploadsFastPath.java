package io.chatmedia.serving;

import io.chatmedia.media.MediaUrls;
import io.chatmedia.storage.BlobNotFoundException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the plain reads of stored objects ({@code GET|HEAD /public/uploads/{key}} without {@code x-oss-process},
 * from a store that does not redirect) without Spring MVC's handler lookup and the filters after this one: the path
 * every chat image and video seek takes. It runs after the access log, the path safety check, the query-string check
 * and the transfer limits (its order is after theirs), times every plain read ({@link ReadMetrics}, also those it
 * passes on), applies the same CORS rules as MVC would, and answers exactly as {@link PublicUploadsController}.
 * Everything else, and every failure before the answer starts (a 404, a store that is down), goes on to the
 * controller, whose exception handler answers it in the envelope.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class PublicUploadsFastPath extends OncePerRequestFilter {

    private final ServedObjectResolver resolver;
    private final ObjectStoreRedirect redirect;
    private final CorsConfiguration cors;
    private final ReadMetrics metrics;
    private final SmallBodies bodies = new SmallBodies(Duration.ofSeconds(1), 16L * 1024 * 1024, System::nanoTime);
    private final DefaultCorsProcessor corsProcessor = new DefaultCorsProcessor();

    PublicUploadsFastPath(
            ServedObjectResolver resolver, ObjectStoreRedirect redirect, CorsConfiguration cors, ReadMetrics metrics) {
        this.resolver = resolver;
        this.redirect = redirect;
        this.cors = cors;
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PlainReads.isPlainRead(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR; // unless the answer ends normally
        try {
            answer(request, response, chain);
            status = response.getStatus();
        } finally {
            metrics.record(request, status, start);
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ServedObject object = resolvedOrNull(request);
        if (object == null || redirect.applies(object) || isHeadOfMissing(request, object)) {
            chain.doFilter(request, response);
            return;
        }
        if (!corsProcessor.processRequest(cors, request, response)) {
            return; // a cross-origin request from an origin not allowed: 403, as MVC answers it
        }
        try {
            BlobResponder.respond(object, request, response, bodies);
        } catch (BlobNotFoundException e) {
            // recorded (or remembered), but the bytes are gone: the controller answers the 404
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            chain.doFilter(request, response);
        }
    }

    /** Null when the key names nothing or cannot be looked up now: the controller then answers the failure. */
    private ServedObject resolvedOrNull(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String key = path.substring(MediaUrls.PUBLIC_PREFIX.length());
        if (key.isEmpty() || key.indexOf('%') >= 0) {
            return null; // an escaped key is decoded by the controller's path handling
        }
        try {
            return resolver.resolve(key);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isHeadOfMissing(HttpServletRequest request, ServedObject object) throws IOException {
        return "HEAD".equals(request.getMethod())
                && object.store().stat(object.key()).isEmpty();
    }
}
