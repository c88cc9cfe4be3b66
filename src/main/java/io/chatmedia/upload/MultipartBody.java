package io.chatmedia.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A multipart body read part by part, each part's content as a stream. Delimiters ({@code CRLF--boundary})
 * are found with Boyer-Moore-Horspool, which looks at about one byte in {@code boundary length} of random
 * content, so parsing costs little next to hashing and writing.
 */
final class MultipartBody {

    static final int MAX_BOUNDARY_BYTES = 200;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 10 * 1024;
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** The body does not follow RFC 7578 / 2046: a missing delimiter, a bad boundary line, an early end. */
    static final class MalformedMultipartException extends IOException {
        MalformedMultipartException(String message) {
            super(message);
        }
    }

    /** One part: its raw header block and its content, valid until the next {@link #nextPart()}. */
    record Part(String headers, InputStream content) {}

    private final InputStream in;
    private final byte[] delimiter;
    private final int[] shift = new int[256];
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int head;
    private int tail;
    private boolean inputEnded;
    private PartStream current;
    private boolean finished;

    MultipartBody(InputStream in, byte[] boundary) {
        this.in = in;
        delimiter = new byte[boundary.length + 4];
        delimiter[0] = CR;
        delimiter[1] = LF;
        delimiter[2] = '-';
        delimiter[3] = '-';
        System.arraycopy(boundary, 0, delimiter, 4, boundary.length);
        Arrays.fill(shift, delimiter.length);
        for (int k = 0; k < delimiter.length - 1; k++) {
            shift[delimiter[k] & 0xFF] = delimiter.length - 1 - k;
        }
        // The first boundary line has no CRLF before it: pretend one came, so the preamble is a part to skip.
        buffer[0] = CR;
        buffer[1] = LF;
        tail = 2;
        current = new PartStream();
    }

    /** @return the next part, or null after the closing delimiter */
    Part nextPart() throws IOException {
        if (finished) {
            return null;
        }
        current.skipToEnd();
        // Just after a delimiter: "--" closes the body, else optional padding and CRLF start the next part.
        if (!ensure(2)) {
            throw new MalformedMultipartException("the body ended without its closing boundary");
        }
        if (buffer[head] == '-' && buffer[head + 1] == '-') {
            head += 2;
            finished = true;
            return null;
        }
        while (true) {
            if (!ensure(2)) {
                throw new MalformedMultipartException("the body ended in a boundary line");
            }
            if (buffer[head] == CR && buffer[head + 1] == LF) {
                break;
            }
            if (buffer[head] != ' ' && buffer[head] != '\t') {
                throw new MalformedMultipartException("unexpected bytes after a boundary");
            }
            head++;
        }
        // The header block runs from that CRLF to the first CRLFCRLF (immediately, for a part without headers).
        int scanned = head;
        while (true) {
            int end = indexOfHeaderEnd(scanned);
            if (end >= 0) {
                String headers = new String(buffer, head + 2, end + 4 - (head + 2), StandardCharsets.UTF_8);
                head = end + 4;
                current = new PartStream();
                return new Part(headers, current);
            }
            if (tail - head > MAX_HEADER_BYTES) {
                throw new MalformedMultipartException("part headers are too long");
            }
            scanned = Math.max(head, tail - 3);
            int before = head;
            if (!fill()) {
                throw new MalformedMultipartException("the body ended in part headers");
            }
            scanned -= before - head; // fill() may have moved the unread bytes to the start of the buffer
        }
    }

    /** Index of CRLFCRLF in {@code [from, tail)}, -1 when absent. */
    private int indexOfHeaderEnd(int from) {
        for (int i = from; i + 3 < tail; i++) {
            if (buffer[i] == CR && buffer[i + 1] == LF && buffer[i + 2] == CR && buffer[i + 3] == LF) {
                return i;
            }
        }
        return -1;
    }

    /** Makes at least {@code n} unread bytes available; false when the input ends first. */
    private boolean ensure(int n) throws IOException {
        while (tail - head < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Moves the unread bytes to the start and reads more after them; false when the input has ended. */
    private boolean fill() throws IOException {
        if (inputEnded) {
            return false;
        }
        if (head == 0 && tail == buffer.length) {
            throw new IllegalStateException("multipart buffer full without a decision");
        }
        if (head > 0) {
            System.arraycopy(buffer, head, buffer, 0, tail - head);
            tail -= head;
            head = 0;
        }
        int n = in.read(buffer, tail, buffer.length - tail);
        if (n < 0) {
            inputEnded = true;
            return false;
        }
        tail += n;
        return true;
    }

    /** Start of the delimiter in {@code [from, tail)}, or {@code -(p + 1)} with p the first place it may still start. */
    private int findDelimiter(int from) {
        int last = delimiter.length - 1;
        int i = from;
        while (i + last < tail) {
            byte b = buffer[i + last];
            if (b == delimiter[last] && Arrays.equals(buffer, i, i + last, delimiter, 0, last)) {
                return i;
            }
            i += shift[b & 0xFF];
        }
        return -(i + 1);
    }

    /** One part's content: the bytes up to the next delimiter, which it consumes at its end. */
    private final class PartStream extends InputStream {

        /** Content known to come before any delimiter ends here (exclusive). */
        private int safeEnd;
        /** Whether a delimiter starts at {@link #safeEnd}. */
        private boolean delimiterAtSafeEnd;

        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, target.length);
            if (ended || current != this) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            while (head >= safeEnd) {
                if (delimiterAtSafeEnd) {
                    head += delimiter.length;
                    ended = true;
                    return -1;
                }
                locate();
            }
            int n = Math.min(length, safeEnd - head);
            System.arraycopy(buffer, head, target, offset, n);
            head += n;
            return n;
        }

        @Override
        public int available() {
            return ended || current != this ? 0 : Math.max(0, safeEnd - head);
        }

        /** Finds how far the content safely goes in the buffer, reading more when it cannot tell yet. */
        private void locate() throws IOException {
            int found = findDelimiter(head);
            if (found >= 0) {
                safeEnd = found;
                delimiterAtSafeEnd = true;
                return;
            }
            int mayStart = -found - 1;
            if (mayStart > head) {
                safeEnd = mayStart;
                return;
            }
            if (!fill()) {
                throw new MalformedMultipartException("the body ended without its closing boundary");
            }
            safeEnd = head; // fill() moved the bytes: search again from the unread start
        }

        void skipToEnd() throws IOException {
            byte[] scratch = new byte[8192];
            while (read(scratch, 0, scratch.length) >= 0) {
                // discard
            }
        }

        @Override
        public void close() {
            // the part ends at its delimiter; nextPart() reads whatever the handler left
        }
    }
}
