package io.callhook.aws;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends one signed HTTP POST and returns the answer. {@link UrlConnectionTransport} in production; SnapStart
 * priming answers on the spot instead ({@code io.callhook.config.PrimingHttpClient}).
 */
public interface HttpTransport {

    Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException;

    /**
     * The same, waiting at most about {@code timeout} for the connection and for each read (what is left of an
     * invocation's {@link Deadline}). A transport that cannot shorten its timeouts ignores it.
     */
    default Response post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        return post(uri, headers, body);
    }

    /** An HTTP answer: status, headers (names matched without regard to case, as HTTP does) and body. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        public Response {
            Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(headers);
            headers = copy;
        }

        /** An answer without headers. */
        public Response(int status, byte[] body) {
            this(status, Map.of(), body);
        }

        /** The header's value, else null. */
        public String header(String name) {
            return headers.get(name);
        }
    }
}
