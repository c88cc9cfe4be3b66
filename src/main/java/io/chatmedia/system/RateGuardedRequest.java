package io.chatmedia.system;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import org.springframework.http.HttpStatus;

/** A request whose body must keep arriving at its {@link TransferRate}: slower is a 408 from the read that notices. */
final class RateGuardedRequest extends HttpServletRequestWrapper {

    private final TransferRate rate;
    private ServletInputStream guarded;

    RateGuardedRequest(HttpServletRequest request, TransferRate rate) {
        super(request);
        this.rate = rate;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (guarded == null) {
            guarded = new Guarded(super.getInputStream());
        }
        return guarded;
    }

    private final class Guarded extends ServletInputStream {

        private final ServletInputStream in;

        Guarded(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            account(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            account(Math.max(0, n));
            return n;
        }

        private void account(int n) {
            String slow = rate.check(n, System.nanoTime());
            if (slow != null) {
                getRequest().setAttribute(TransferLimitFilter.CUT, Boolean.TRUE);
                throw new ApiException(
                        HttpStatus.REQUEST_TIMEOUT,
                        "the upload is too slow: it " + slow + " (chatmedia.transfers.min-rate, max-upload-duration)");
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
