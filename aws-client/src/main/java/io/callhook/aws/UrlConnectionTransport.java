package io.callhook.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.net.InetAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The JDK's {@link HttpURLConnection} (persistent connections, no extra library): the HTTP client with the fewest
 * classes to load on a cold start. Timeouts are short because DynamoDB answers in milliseconds and a webhook sender
 * waits a few seconds at most; a timed-out call is retried by the client's retry strategy.
 *
 * <p>HTTPS connections are made with {@code TCP_NODELAY} set (Nagle's algorithm off), as the AWS SDK's Apache and
 * CRT clients make theirs: the connection writes a request's head and body as separate TLS records, and with Nagle
 * on the second waits for the first one's acknowledgement. The socket factory is the transport's own when it has one
 * ({@link #standard(Function)}: the trust {@link AwsTrust} chooses), else the one
 * {@link HttpsURLConnection#getDefaultSSLSocketFactory()} returns when the request is made (so the JVM's trust
 * settings, and whatever a caller set as the default, still apply), wrapped once per factory so that kept-alive
 * connections are reused as before. Plain HTTP connections are left as the JDK makes them.
 */
public final class UrlConnectionTransport implements HttpTransport {

    private final int connectMillis;
    private final int readMillis;
    /** The HTTPS socket factory, made at the first HTTPS request; it gives null for the JVM's default. */
    private final Supplier<SSLSocketFactory> tls;

    /** A transport on the JVM's default TLS context. */
    public UrlConnectionTransport(Duration connectTimeout, Duration readTimeout) {
        this(connectTimeout, readTimeout, () -> null);
    }

    /** A transport whose HTTPS connections use {@code tls} (null: the JVM's default TLS context). */
    public UrlConnectionTransport(Duration connectTimeout, Duration readTimeout, SSLSocketFactory tls) {
        this(connectTimeout, readTimeout, () -> tls);
    }

    /**
     * A transport whose HTTPS connections use the factory {@code tls} gives when the first is made (null: the JVM's
     * default TLS context at each request).
     */
    public UrlConnectionTransport(Duration connectTimeout, Duration readTimeout, Supplier<SSLSocketFactory> tls) {
        this.connectMillis = (int) connectTimeout.toMillis();
        this.readMillis = (int) readTimeout.toMillis();
        this.tls = tls;
    }

    /** The standard timeouts on the JVM's default TLS context. */
    public static UrlConnectionTransport standard() {
        return new UrlConnectionTransport(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /**
     * The standard timeouts, trusting what the function's environment chooses ({@link AwsTrust}: the AWS roots
     * unless {@value AwsTrust#SETTING} is {@code jdk}).
     *
     * @throws IllegalArgumentException if the trust settings are not valid
     */
    public static UrlConnectionTransport standard(Function<String, String> variables) {
        return new UrlConnectionTransport(Duration.ofSeconds(2), Duration.ofSeconds(5),
                AwsTrust.socketFactory(variables));
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
        if (connection instanceof HttpsURLConnection https) {
            SSLSocketFactory own = tls.get();
            https.setSSLSocketFactory(NoDelaySocketFactory.around(own != null ? own
                    : HttpsURLConnection.getDefaultSSLSocketFactory()));
        }
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

    /**
     * An {@link SSLSocketFactory} that sets {@code TCP_NODELAY} on every socket its delegate makes. Two are equal when
     * their delegates are the same object: the JDK reuses a kept-alive HTTPS connection only for an equal factory.
     */
    static final class NoDelaySocketFactory extends SSLSocketFactory {

        /** The last one made, reused while the factory it wraps stays the same. */
        private static volatile NoDelaySocketFactory last;

        private final SSLSocketFactory delegate;

        private NoDelaySocketFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        static NoDelaySocketFactory around(SSLSocketFactory delegate) {
            NoDelaySocketFactory current = last;
            if (current == null || current.delegate != delegate) {
                current = new NoDelaySocketFactory(delegate);
                last = current;
            }
            return current;
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return noDelay(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NoDelaySocketFactory that && that.delegate == delegate;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(delegate);
        }
    }
}
