package io.callhook.config;

import io.callhook.aws.HttpTransport;
import io.callhook.aws.UrlConnectionTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * SnapStart priming of TLS, so a restored function's first request to DynamoDB or EventBridge does not load and
 * initialise the JDK's TLS stack: the default TLS context with its trust store (the JVM's, or
 * {@code javax.net.ssl.trustStore}), then one HTTPS request per protocol version a service may choose (TLS 1.3 and
 * TLS 1.2) through the functions' own transport ({@link UrlConnectionTransport}) to an endpoint in this process: a
 * loopback server with a certificate made on the spot ({@link LoopbackTls}). Each is a full handshake: key exchange,
 * the server's signature, the certification path validated by the JDK's PKIX trust manager, the host name check,
 * then the request and its answer over the record layer.
 *
 * <p>What it guarantees: nothing leaves the machine (the endpoint listens on loopback and answers {@code {}}
 * itself), no AWS credentials are used, and the default TLS context trusts exactly what it trusted before: the
 * loopback authority is trusted only by the socket factory the priming requests use, which is
 * {@link HttpsURLConnection}'s default for the duration of {@link #prime()} only (priming runs before the snapshot,
 * on the one thread that initialises the function) and is put back even when priming fails. The loopback key and
 * TLS sessions stay out of the default context, so none of them is in a restored function's way. The default
 * context's randomness is the JDK's {@code SecureRandom} (on Linux {@code NativePRNG}, which mixes bytes freshly read
 * from {@code /dev/urandom} into what it returns once its buffer is 100 ms old), so environments restored from the
 * same snapshot do not share random streams (SnapStart's uniqueness rule); priming keeps no random value itself.
 */
public final class PrimingTls {

    /** How long one priming request may take before priming gives up (a guard, never reached when all is well). */
    private static final int TIMEOUT_SECONDS = 30;

    /**
     * TLS 1.2 first, on a connection the endpoint closes; then TLS 1.3, answered as DynamoDB answers (the connection
     * kept alive), so the client's keep-alive path is primed too. The kept connection is to this endpoint alone,
     * which closes it when it is done, so no request after priming can use it.
     */
    private static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    private PrimingTls() {
    }

    /**
     * One priming handshake and request, as the loopback endpoint saw it.
     *
     * @param protocol the protocol negotiated, e.g. {@code TLSv1.3}
     * @param cipherSuite the cipher suite negotiated
     * @param target the request's {@code X-Amz-Target} as received, decrypted
     * @param status the status the transport read back ({@code 200})
     */
    public record Handshake(String protocol, String cipherSuite, String target, int status) {
    }

    /** Runs the priming; returns one {@link Handshake} per protocol, TLS 1.2 first. */
    public static List<Handshake> prime() {
        try {
            SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the default TLS context cannot be made", e);
        }
        LoopbackTls tls = LoopbackTls.create();
        SSLSocketFactory original = HttpsURLConnection.getDefaultSSLSocketFactory();
        try (SSLServerSocket server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, PROTOCOLS.size(), InetAddress.getByName(LoopbackTls.HOST))) {
            server.setSoTimeout(TIMEOUT_SECONDS * 1000);
            CompletableFuture<List<String[]>> served = CompletableFuture.supplyAsync(() -> serve(server),
                    runnable -> {
                        Thread thread = new Thread(runnable, "snapstart-priming-tls");
                        thread.setDaemon(true);
                        thread.start();
                    });
            URI uri = URI.create("https://" + LoopbackTls.HOST + ":" + server.getLocalPort() + "/");
            HttpTransport transport = UrlConnectionTransport.standard();
            List<Integer> statuses = new ArrayList<>();
            HttpsURLConnection.setDefaultSSLSocketFactory(tls.clientContext().getSocketFactory());
            try {
                for (int i = 0; i < PROTOCOLS.size(); i++) {
                    statuses.add(transport.post(uri, Map.of("Content-Type", "application/x-amz-json-1.0",
                            "X-Amz-Target", "SnapStartPriming.Tls"), "{}".getBytes(StandardCharsets.UTF_8))
                            .status());
                }
            } finally {
                HttpsURLConnection.setDefaultSSLSocketFactory(original);
            }
            List<String[]> sessions = served.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<Handshake> handshakes = new ArrayList<>();
            for (int i = 0; i < sessions.size(); i++) {
                String[] session = sessions.get(i);
                handshakes.add(new Handshake(session[0], session[1], session[2], statuses.get(i)));
            }
            return List.copyOf(handshakes);
        } catch (IOException e) {
            throw new UncheckedIOException("TLS priming failed", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("TLS priming failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("TLS priming interrupted", e);
        }
    }

    /** Answers one request per protocol, each on its own connection; returns protocol, cipher suite, target. */
    private static List<String[]> serve(SSLServerSocket server) {
        List<String[]> sessions = new ArrayList<>();
        for (String protocol : PROTOCOLS) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(TIMEOUT_SECONDS * 1000);
                socket.setEnabledProtocols(new String[] {protocol});
                String target = answer(socket.getInputStream(), socket.getOutputStream(),
                        sessions.size() < PROTOCOLS.size() - 1);
                sessions.add(new String[] {socket.getSession().getProtocol(), socket.getSession().getCipherSuite(),
                        target});
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sessions;
    }

    /** Reads one HTTP request (head and body) and answers {@code 200 {}}; returns its X-Amz-Target. */
    private static String answer(InputStream in, OutputStream out, boolean close) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last = 0;
        while (last != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the priming request ended early");
            }
            head.write(b);
            last = (last << 8) | b;
        }
        String target = "";
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            } else if (name.equals("x-amz-target")) {
                target = line.substring(colon + 1).trim();
            }
        }
        in.readNBytes(length);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n{}").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return target;
    }
}
