package io.callhook.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JDK's {@link HttpURLConnection} (persistent connections, no extra library): the HTTP client with the fewest
 * classes to load on a cold start. Timeouts are short because DynamoDB answers in milliseconds and a webhook sender
 * waits a few seconds at most; a timed-out call is retried by the client's retry strategy.
 */
public final class UrlConnectionTransport implements HttpTransport {

    private final int connectMillis;
    private final int readMillis;

    public UrlConnectionTransport(Duration connectTimeout, Duration readTimeout) {
        this.connectMillis = (int) connectTimeout.toMillis();
        this.readMillis = (int) readTimeout.toMillis();
    }

    public static UrlConnectionTransport standard() {
        return new UrlConnectionTransport(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Override
    public Response post(URI uri, Map<String, String> headers, byte[] body) throws IOException {
        return post(uri, headers, body, connectMillis, readMillis);
    }

    /** The same, with each timeout cut to {@code timeout} where that is shorter (at least 1 ms). */
    @Override
    public Response post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        int limit = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return post(uri, headers, body, Math.min(connectMillis, limit), Math.min(readMillis, limit));
    }

    private Response post(URI uri, Map<String, String> headers, byte[] body, int connectTimeout, int readTimeout)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(connectTimeout);
        connection.setReadTimeout(readTimeout);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        headers.forEach((name, value) -> {
            // the connection writes Host and Content-Length itself (the values the signature covers)
            if (!"host".equalsIgnoreCase(name) && !"content-length".equalsIgnoreCase(name)) {
                connection.setRequestProperty(name, value);
            }
        });
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        byte[] answer;
        if (in == null) {
            answer = new byte[0];
        } else {
            try (in) {
                answer = in.readAllBytes();
            }
        }
        Map<String, String> answerHeaders = new LinkedHashMap<>();
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null && !values.isEmpty()) {
                answerHeaders.put(name, values.get(0));
            }
        });
        return new Response(status, answerHeaders, answer);
    }
}
