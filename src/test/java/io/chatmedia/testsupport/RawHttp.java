package io.chatmedia.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a bare socket, for what ordinary clients cannot do: stop sending halfway, send chunked
 * bodies of a chosen size, and watch when the server answers.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private long sent;

    public RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    public void writeHead(String head) throws IOException {
        out.write(head.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** @return false when the server already closed the connection */
    public boolean write(byte[] bytes) {
        try {
            out.write(bytes);
            sent += bytes.length;
            return true;
        } catch (SocketException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends {@code bytes} as one chunk of a chunked body. */
    public boolean writeChunk(byte[] bytes) {
        return write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII))
                && write(bytes)
                && write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    public long sent() {
        return sent;
    }

    /** Whether the server has already started answering (without blocking). */
    public boolean answered() throws IOException {
        return in.available() > 0;
    }

    /** Reads whatever the server answers until it closes or {@code max} bytes. */
    public String readAnswer() throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                answer.write(buffer, 0, n);
                String text = answer.toString(StandardCharsets.UTF_8);
                int headEnd = text.indexOf("\r\n\r\n");
                if (headEnd >= 0 && complete(text, headEnd)) {
                    break;
                }
            }
        } catch (SocketException e) {
            // reset after the answer: what was read is the answer
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static boolean complete(String text, int headEnd) {
        String head = text.substring(0, headEnd).toLowerCase();
        if (head.matches("(?s)http/1\\.1 (204|304) .*")) {
            return true; // no body, whatever the headers say
        }
        if (head.contains("transfer-encoding: chunked")) {
            return text.endsWith("\r\n0\r\n\r\n");
        }
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int end = head.indexOf("\r\n", at);
        long length = Long.parseLong(
                head.substring(at + 15, end < 0 ? head.length() : end).trim());
        return text.getBytes(StandardCharsets.UTF_8).length - headEnd - 4 >= length;
    }

    /** Drops the connection abruptly (RST), as a phone losing its network would. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
