package io.chatmedia.system;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.apache.catalina.connector.ClientAbortException;

/**
 * A response that must be read at its {@link TransferRate}: when a write notices the reader is slower, the transfer is
 * cut as if the client had gone, and the connection is closed at once (see {@link AbandonedBodyValve}).
 */
final class RateGuardedResponse extends HttpServletResponseWrapper {

    private final HttpServletRequest request;
    private final TransferRate rate;
    private ServletOutputStream guarded;

    RateGuardedResponse(HttpServletRequest request, HttpServletResponse response, TransferRate rate) {
        super(response);
        this.request = request;
        this.rate = rate;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (guarded == null) {
            guarded = new Guarded(super.getOutputStream());
        }
        return guarded;
    }

    private final class Guarded extends ServletOutputStream {

        private final ServletOutputStream out;

        Guarded(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            account(1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            account(length);
        }

        private void account(int n) throws IOException {
            String slow = rate.check(n, System.nanoTime());
            if (slow != null) {
                request.setAttribute(TransferLimitFilter.CUT, Boolean.TRUE);
                throw new ClientAbortException("the download is read too slowly: it " + slow);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
