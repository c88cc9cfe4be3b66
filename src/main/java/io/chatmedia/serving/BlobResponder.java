package io.chatmedia.serving;

import io.chatmedia.storage.ByteRange;
import io.chatmedia.system.EnvelopeWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Writes one stored object as an HTTP answer: validators and conditional requests (304, 412), single and
 * multiple ranges (206, multipart/byteranges), 416, HEAD without touching the bytes, and the safe-serving
 * headers. Bytes are streamed from the store range by range; nothing is buffered whole.
 */
final class BlobResponder {

    private static final String CACHE_CONTROL = "public, max-age=31536000, immutable";
    private static final int COPY_BUFFER = 64 * 1024;
    private static final long SENDFILE_MIN_BYTES = 48 * 1024;
    // Tomcat's request attributes for sendfile (org.apache.coyote.Constants); the servlet API has no names for them
    private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
    private static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

    private BlobResponder() {}

    static void respond(ServedObject object, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        respond(object, request, response, SmallBodies.NONE);
    }

    /** As {@link #respond(ServedObject, HttpServletRequest, HttpServletResponse)}, small bodies from {@code bodies}. */
    static void respond(
            ServedObject object, HttpServletRequest request, HttpServletResponse response, SmallBodies bodies)
            throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        if (failsPrecondition(object, request)) {
            response.setStatus(HttpServletResponse.SC_PRECONDITION_FAILED);
            return;
        }
        if ("*".equals(trimmed(request.getHeader(HttpHeaders.IF_NONE_MATCH)))) {
            // RFC 9110 §13.1.2: "*" matches any current representation (Spring handles it for unsafe methods only)
            response.setHeader(HttpHeaders.ETAG, object.etag());
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        ServletWebRequest web = new ServletWebRequest(request, response);
        if (web.checkNotModified(object.etag(), object.lastModified().toEpochMilli())) {
            return; // 304 or 412, headers set by Spring
        }
        RangeRequest range = rangeIfApplicable(object, request);
        if (range.outcome() == RangeRequest.Outcome.UNSATISFIABLE) {
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + object.size());
            EnvelopeWriter.fail(
                    response, HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE, "range not satisfiable", false);
            return;
        }
        setContentHeaders(object, response);
        boolean head = "HEAD".equalsIgnoreCase(request.getMethod());
        if (range.outcome() == RangeRequest.Outcome.IGNORED) {
            response.setContentType(object.contentType());
            response.setContentLengthLong(object.size());
            if (!head && object.size() > 0) {
                send(object, new ByteRange(0, object.size()), request, response, bodies);
            }
        } else if (range.ranges().size() == 1) {
            ByteRange only = range.ranges().get(0);
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setContentType(object.contentType());
            response.setHeader(HttpHeaders.CONTENT_RANGE, contentRange(only, object.size()));
            response.setContentLengthLong(only.length());
            if (!head) {
                send(object, only, request, response, bodies);
            }
        } else {
            writeMultipart(object, range.ranges(), head, response);
        }
    }

    private static String trimmed(String header) {
        return header == null ? null : header.trim();
    }

    /**
     * RFC 9110 §13.1.1 and §13.1.4 for reads (Spring applies them to unsafe methods only): If-Match with no current
     * tag, or If-Unmodified-Since before the object's time, is a 412.
     */
    private static boolean failsPrecondition(ServedObject object, HttpServletRequest request) {
        String ifMatch = request.getHeader(HttpHeaders.IF_MATCH);
        if (ifMatch != null) {
            String trimmed = ifMatch.trim();
            if (trimmed.equals("*")) {
                return false;
            }
            for (String tag : trimmed.split(",")) {
                if (tag.trim().equals(object.etag())) {
                    return false;
                }
            }
            return true;
        }
        String ifUnmodifiedSince = request.getHeader(HttpHeaders.IF_UNMODIFIED_SINCE);
        if (ifUnmodifiedSince != null) {
            try {
                Instant date = DateTimeFormatter.RFC_1123_DATE_TIME.parse(ifUnmodifiedSince.trim(), Instant::from);
                return object.lastModified().truncatedTo(ChronoUnit.SECONDS).isAfter(date);
            } catch (DateTimeParseException e) {
                return false; // an invalid date is ignored
            }
        }
        return false;
    }

    /** RFC 9110 §13.1.5: a Range with an If-Range that does not match the current object is ignored. */
    private static RangeRequest rangeIfApplicable(ServedObject object, HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.RANGE);
        if (header == null
                || !"GET".equalsIgnoreCase(request.getMethod()) && !"HEAD".equalsIgnoreCase(request.getMethod())) {
            return RangeRequest.parse(null, object.size());
        }
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        if (ifRange != null && !ifRangeMatches(ifRange.trim(), object)) {
            return RangeRequest.parse(null, object.size());
        }
        return RangeRequest.parse(header, object.size());
    }

    private static boolean ifRangeMatches(String ifRange, ServedObject object) {
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(object.etag());
        }
        if (ifRange.startsWith("W/")) {
            return false; // weak validators never match If-Range
        }
        try {
            Instant date = DateTimeFormatter.RFC_1123_DATE_TIME.parse(ifRange, Instant::from);
            return date.equals(object.lastModified().truncatedTo(ChronoUnit.SECONDS));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void setContentHeaders(ServedObject object, HttpServletResponse response) {
        boolean inline = DispositionPolicy.inline(object.contentType());
        ContentDisposition.Builder disposition = inline ? ContentDisposition.inline() : ContentDisposition.attachment();
        if (object.fileName() != null && !object.fileName().isBlank()) {
            disposition.filename(object.fileName(), StandardCharsets.UTF_8);
        }
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition.build().toString());
        if (!inline) {
            response.setHeader("Content-Security-Policy", "sandbox");
        }
    }

    private static void writeMultipart(
            ServedObject object, List<ByteRange> ranges, boolean head, HttpServletResponse response)
            throws IOException {
        String boundary = UUID.randomUUID().toString().replace("-", "");
        byte[][] partHeads = new byte[ranges.size()][];
        long length = 0;
        for (int i = 0; i < ranges.size(); i++) {
            ByteRange range = ranges.get(i);
            partHeads[i] = ("\r\n--" + boundary + "\r\nContent-Type: " + object.contentType() + "\r\nContent-Range: "
                            + contentRange(range, object.size()) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            length += partHeads[i].length + range.length();
        }
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        length += tail.length;
        response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
        response.setContentType("multipart/byteranges; boundary=" + boundary);
        response.setContentLengthLong(length);
        if (head) {
            return;
        }
        OutputStream out = response.getOutputStream();
        for (int i = 0; i < ranges.size(); i++) {
            out.write(partHeads[i]);
            copy(object, ranges.get(i), out);
        }
        out.write(tail);
    }

    private static String contentRange(ByteRange range, long size) {
        return "bytes " + range.offset() + "-" + range.last() + "/" + size;
    }

    /**
     * One run of bytes as the whole body: a small object's from {@link SmallBodies}; handed to the container's sendfile
     * when the object is a local file, the run is large enough for it to pay (Tomcat's own threshold, 48 KiB) and the
     * connector supports it; else copied.
     */
    private static void send(
            ServedObject object,
            ByteRange range,
            HttpServletRequest request,
            HttpServletResponse response,
            SmallBodies bodies)
            throws IOException {
        if (SmallBodies.isSmall(object)) {
            byte[] body = bodies.of(object);
            int from = (int) Math.min(range.offset(), body.length);
            response.getOutputStream().write(body, from, (int) Math.min(range.length(), body.length - from));
            return;
        }
        if (range.length() >= SENDFILE_MIN_BYTES && Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT))) {
            Optional<Path> file = object.store().localFile(object.key());
            if (file.isPresent()) {
                request.setAttribute(SENDFILE_FILENAME, file.get().toString());
                request.setAttribute(SENDFILE_START, range.offset());
                request.setAttribute(SENDFILE_END, range.offset() + range.length());
                return;
            }
        }
        copy(object, range, response.getOutputStream());
    }

    private static void copy(ServedObject object, ByteRange range, OutputStream out) throws IOException {
        try (InputStream in = object.store().open(object.key(), range)) {
            byte[] buffer = new byte[COPY_BUFFER];
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        }
    }
}
