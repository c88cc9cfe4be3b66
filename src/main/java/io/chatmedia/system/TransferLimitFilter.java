package io.chatmedia.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps slow and greedy clients from holding every request thread: uploads (requests with a body) and downloads
 * (reads of {@code /public/uploads/...}) in flight are counted in all and per client address, over either limit is a
 * 429 with {@code Retry-After} (decided before the body is read); an upload's body must keep arriving at the minimum
 * rate and end within its deadline (else 408), a download must be read at the minimum rate (else the connection is
 * dropped). Health checks and other small requests are never counted. See {@link TransferProperties}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class TransferLimitFilter extends OncePerRequestFilter {

    /** Request attribute set when a transfer was cut for being too slow: the connection is then closed at once. */
    static final String CUT = TransferLimitFilter.class.getName() + ".cut";

    private final TransferProperties properties;
    private final TransferSlots uploads;
    private final TransferSlots downloads;

    TransferLimitFilter(TransferProperties properties) {
        this.properties = properties;
        this.uploads = new TransferSlots(properties.maxUploads(), properties.perClientUploads());
        this.downloads = new TransferSlots(properties.maxDownloads(), properties.perClientDownloads());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean upload = isUpload(request);
        boolean download = !upload && isDownload(request);
        if (!upload && !download) {
            chain.doFilter(request, response);
            return;
        }
        TransferSlots slots = upload ? uploads : downloads;
        String client = String.valueOf(request.getRemoteAddr());
        String full = slots.acquire(client);
        if (full != null) {
            String kind = upload ? "uploads" : "downloads";
            response.setHeader(
                    "Retry-After", Long.toString(properties.retryAfter().toSeconds()));
            EnvelopeWriter.fail(
                    response,
                    HttpStatus.TOO_MANY_REQUESTS.value(),
                    "too many " + kind + " in progress: " + full + " concurrent " + kind + " are taken, retry later",
                    EnvelopeWriter.mayHaveUnreadBody(request));
            return;
        }
        try {
            TransferRate rate = new TransferRate(
                    properties.minRate().toBytes(),
                    properties.rateWindow(),
                    upload ? properties.maxUploadDuration() : Duration.ofDays(365),
                    System.nanoTime());
            if (upload) {
                chain.doFilter(new RateGuardedRequest(request, rate), response);
            } else {
                chain.doFilter(request, new RateGuardedResponse(request, response, rate));
            }
        } finally {
            slots.release(client);
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return true;
    }

    private static boolean isUpload(HttpServletRequest request) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        return (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))
                && (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null);
    }

    private static boolean isDownload(HttpServletRequest request) {
        return request.getMethod().equals("GET")
                && request.getRequestURI() != null
                && request.getRequestURI().startsWith("/public/uploads/");
    }
}
