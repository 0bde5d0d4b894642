package org.spoc.kit.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects request bodies over the limit with 413 problem details: at once when Content-Length says
 * so, and while reading when the body is chunked.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final BodySizeLimits limits;

    public RequestSizeLimitFilter(DataSize defaultMax, Map<String, DataSize> pathLimits) {
        this.limits = new BodySizeLimits(defaultMax, pathLimits);
    }

    /** The limit for a request path: the first matching path pattern's, else the default. */
    long limitFor(String path) {
        return limits.limitFor(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = limitFor(request.getRequestURI());
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            Problems.write(response, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Content too large",
                    "the request body is " + length + " bytes; the limit is " + maxBytes, Map.of("field", "body")),
                    request.getRequestURI());
            return;
        }
        chain.doFilter(length >= 0 ? request : new Limited(request, maxBytes), response);
    }

    /** Thrown while reading a chunked body past the limit; mapped to 413. */
    public static class BodyTooLargeException extends IOException {
        BodyTooLargeException(long max) {
            super("the request body exceeds the limit of " + max + " bytes");
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++count > max) {
                            throw new BodyTooLargeException(max);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0 && (count += n) > max) {
                            throw new BodyTooLargeException(max);
                        }
                        return n;
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
                };
            }
            return stream;
        }
    }
}
