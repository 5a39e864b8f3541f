package io.callhook.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
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
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(connectMillis);
        connection.setReadTimeout(readMillis);
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
        return new Response(status, answer);
    }
}
