package io.callhook.aws;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Sends one signed HTTP POST and returns the answer. {@link UrlConnectionTransport} in production; SnapStart
 * priming answers on the spot instead ({@code io.callhook.config.PrimingHttpClient}).
 */
public interface HttpTransport {

    Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException;

    /** An HTTP answer: status and body. */
    record Response(int status, byte[] body) {
    }
}
