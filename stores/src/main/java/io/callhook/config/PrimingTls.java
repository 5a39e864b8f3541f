package io.callhook.config;

import io.callhook.aws.AwsTrust;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * SnapStart priming of TLS, so a restored function's first request to DynamoDB or EventBridge does not load and
 * initialise the JDK's TLS stack: the TLS contexts the function's AWS clients trust through ({@link AwsTrust}: the
 * AWS roots' context, and the JVM's default context with its trust store when a client chose {@code jdk} or none
 * was built), then one HTTPS request per protocol version a service may choose (TLS 1.3 and
 * TLS 1.2) through the functions' own transport ({@link UrlConnectionTransport}) to an endpoint in this process: a
 * loopback server with a certificate made on the spot ({@link LoopbackTls}). Each is a full handshake: key exchange,
 * the server's signature, the certification path validated by the JDK's PKIX trust manager, the host name check,
 * then the request and its answer over the record layer.
 *
 * <p>The handshakes are repeated ({@value #HANDSHAKES} TLS 1.3 connections by default, each a full handshake, then
 * {@value #REQUESTS} requests on the last one, kept alive), so the JIT compiles the handshake's and the record
 * layer's hot code (field arithmetic of the key exchange, RSA verification, hashing, AES-GCM) before the snapshot, and
 * a restored function's first handshake runs compiled code. TLS 1.3 is repeated because every AWS API endpoint
 * supports it and the JDK prefers it; TLS 1.2 gets one handshake. The number is bounded (1 to
 * {@value #MAX_HANDSHAKES}) and can be set with the system property {@value #HANDSHAKES_PROPERTY} (to measure a
 * choice; each handshake costs the loopback endpoint an RSA signature, all before the snapshot). Before the kept
 * connection, one request goes through each of those contexts, which must refuse the loopback certificate (they do
 * not trust it): that builds and runs each trust manager's validator over its trust store, work that a restored
 * function's first handshake with AWS would otherwise do, and proves on every priming that their trust is unchanged
 * (priming fails if one accepts the loopback certificate).
 *
 * <p>What it guarantees: nothing leaves the machine (the endpoint listens on loopback and answers {@code {}}
 * itself), no AWS credentials are used, and the default TLS context and the clients' contexts trust exactly what
 * they trusted before: the loopback authority is trusted only by the socket factory the priming requests use, which
 * is {@link HttpsURLConnection}'s default for the duration of {@link #prime()} only (priming runs before the
 * snapshot, on the one thread that initialises the function) and is put back even when priming fails. The loopback
 * key and TLS sessions stay out of those contexts, so none of them is in a restored function's way. Their randomness
 * is the JDK's {@code SecureRandom} (on Linux {@code NativePRNG}, which mixes bytes freshly read from
 * {@code /dev/urandom} into what it returns once its buffer is 100 ms old), so environments restored from the same
 * snapshot do not share random streams (SnapStart's uniqueness rule); priming keeps no random value itself.
 */
public final class PrimingTls {

    /** The system property that sets how many TLS 1.3 connections priming opens (1 to {@value #MAX_HANDSHAKES}). */
    public static final String HANDSHAKES_PROPERTY = "callhook.priming.tlsHandshakes";

    /** TLS 1.3 connections priming opens unless {@value #HANDSHAKES_PROPERTY} says otherwise. */
    static final int HANDSHAKES = 40;

    /** The most TLS 1.3 connections priming opens, whatever the property says. */
    static final int MAX_HANDSHAKES = 200;

    /** Requests sent on the last TLS 1.3 connection, which the endpoint keeps alive as DynamoDB does. */
    static final int REQUESTS = 20;

    /** How long one priming request may take before priming gives up (a guard, never reached when all is well). */
    private static final int TIMEOUT_SECONDS = 30;

    /** The primed contexts' refusals of the loopback certificate in the last priming (for tests). */
    static volatile List<String> refusals = List.of();

    private PrimingTls() {
    }

    /**
     * The priming's handshakes of one protocol, as the loopback endpoint saw them.
     *
     * @param protocol the protocol negotiated, e.g. {@code TLSv1.3}
     * @param cipherSuite the cipher suite negotiated
     * @param target the first request's {@code X-Amz-Target} as received, decrypted
     * @param status the status the transport read back for every request ({@code 200}), or the first other one
     * @param connections the connections opened with this protocol, each a full handshake
     * @param requests the requests answered over them
     */
    public record Handshake(String protocol, String cipherSuite, String target, int status, int connections,
                            int requests) {
    }

    /** One connection the endpoint serves: the protocol it allows and how many requests it answers on it. */
    private record Connection(String protocol, int requests, boolean close, boolean refused) {
    }

    /** What the endpoint saw on one connection. */
    private record Served(String protocol, String cipherSuite, String target, int requests) {
    }

    /** The number of TLS 1.3 connections to open: {@value #HANDSHAKES_PROPERTY}, bounded, or the default. */
    static int handshakes() {
        String value = System.getProperty(HANDSHAKES_PROPERTY, "").trim();
        if (value.isEmpty()) {
            return HANDSHAKES;
        }
        try {
            return Math.max(1, Math.min(MAX_HANDSHAKES, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            return HANDSHAKES;
        }
    }

    /**
     * TLS 1.2 first, one request on a connection the endpoint closes; then TLS 1.3 connections, each closed after
     * one request, the last answered as DynamoDB answers (kept alive) for {@value #REQUESTS} requests, so the
     * client's keep-alive path is primed too. The kept connection is to this endpoint alone, which closes it when it
     * is done, so no request after priming can use it.
     */
    private static List<Connection> plan(int refusals) {
        List<Connection> plan = new ArrayList<>();
        plan.add(new Connection("TLSv1.2", 1, true, false));
        int tls13 = handshakes();
        for (int i = 1; i < tls13; i++) {
            plan.add(new Connection("TLSv1.3", 1, true, false));
        }
        plan.add(new Connection("TLSv1.3", 0, true, true));
        for (int i = 1; i < refusals; i++) {
            plan.add(new Connection("TLSv1.3", 0, true, true));
        }
        plan.add(new Connection("TLSv1.3", REQUESTS, false, false));
        return List.copyOf(plan);
    }

    /** Runs the priming; returns one {@link Handshake} per protocol, TLS 1.2 first. */
    public static List<Handshake> prime() {
        List<SSLSocketFactory> trusts = new ArrayList<>(AwsTrust.chosen());
        if (trusts.isEmpty() || AwsTrust.jdkDefaultChosen()) {
            try {
                SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the default TLS context cannot be made", e);
            }
            trusts.add(null);
        }
        List<Connection> plan = plan(trusts.size());
        LoopbackTls tls = LoopbackTls.create();
        SSLSocketFactory original = HttpsURLConnection.getDefaultSSLSocketFactory();
        try (SSLServerSocket server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 2, InetAddress.getByName(LoopbackTls.HOST))) {
            server.setSoTimeout(TIMEOUT_SECONDS * 1000);
            CompletableFuture<List<Served>> served = CompletableFuture.supplyAsync(() -> serve(server, plan),
                    runnable -> {
                        Thread thread = new Thread(runnable, "snapstart-priming-tls");
                        thread.setDaemon(true);
                        thread.start();
                    });
            URI uri = URI.create("https://" + LoopbackTls.HOST + ":" + server.getLocalPort() + "/");
            HttpTransport transport = UrlConnectionTransport.standard();
            List<Integer> statuses = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            HttpsURLConnection.setDefaultSSLSocketFactory(tls.clientContext().getSocketFactory());
            try {
                for (Connection connection : plan) {
                    if (connection.refused()) {
                        // null: the JVM's default context, which is the original default factory's
                        HttpsURLConnection.setDefaultSSLSocketFactory(original);
                        refused.add(refused(new UrlConnectionTransport(Duration.ofSeconds(2), Duration.ofSeconds(5),
                                trusts.get(refused.size())), uri));
                        HttpsURLConnection.setDefaultSSLSocketFactory(tls.clientContext().getSocketFactory());
                    }
                    for (int i = 0; i < connection.requests(); i++) {
                        statuses.add(transport.post(uri, Map.of("Content-Type", "application/x-amz-json-1.0",
                                "X-Amz-Target", "SnapStartPriming.Tls"), "{}".getBytes(StandardCharsets.UTF_8))
                                .status());
                    }
                }
            } finally {
                HttpsURLConnection.setDefaultSSLSocketFactory(original);
            }
            refusals = List.copyOf(refused);
            int status = statuses.stream().filter(s -> s != 200).findFirst().orElse(200);
            Map<String, Handshake> byProtocol = new LinkedHashMap<>();
            for (Served connection : served.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                byProtocol.merge(connection.protocol(), new Handshake(connection.protocol(),
                        connection.cipherSuite(), connection.target(), status, 1, connection.requests()),
                        (a, b) -> new Handshake(a.protocol(), a.cipherSuite(), a.target(), status,
                                a.connections() + 1, a.requests() + b.requests()));
            }
            return List.copyOf(byProtocol.values());
        } catch (IOException e) {
            throw new UncheckedIOException("TLS priming failed", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("TLS priming failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("TLS priming interrupted", e);
        }
    }

    /** Serves the plan's connections in order; returns what it saw on each. */
    private static List<Served> serve(SSLServerSocket server, List<Connection> plan) {
        List<Served> served = new ArrayList<>();
        for (Connection connection : plan) {
            SSLSocket socket = null;
            try {
                socket = (SSLSocket) server.accept();
                socket.setSoTimeout(TIMEOUT_SECONDS * 1000);
                if (connection.refused()) {
                    refuse(socket);
                    continue;
                }
                socket.setEnabledProtocols(new String[] {connection.protocol()});
                String target = null;
                for (int i = 0; i < connection.requests(); i++) {
                    String received = answer(socket.getInputStream(), socket.getOutputStream(),
                            connection.close() && i == connection.requests() - 1);
                    target = target == null ? received : target;
                }
                served.add(new Served(socket.getSession().getProtocol(), socket.getSession().getCipherSuite(),
                        target, connection.requests()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                closeWithoutWaiting(socket);
            }
        }
        return served;
    }

    /**
     * The connection the default context must refuse: its handshake fails on the client's alert, or on the
     * connection the client closed after it (the client's side checks that it refused the certificate).
     */
    private static void refuse(SSLSocket socket) {
        try {
            socket.startHandshake();
        } catch (IOException expected) {
            return; // the client refused the loopback certificate, as it must
        }
        throw new IllegalStateException("the default TLS context completed a handshake with the loopback endpoint");
    }

    /**
     * Closes a served connection without waiting for the client's side: closing a TLS 1.3 socket sends
     * {@code close_notify}, then reads until the peer closes too, which a client keeping the connection alive does
     * not do (it would hold the endpoint up to the read timeout, and with it the next connection's handshake).
     */
    private static void closeWithoutWaiting(SSLSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.setSoTimeout(1);
            socket.close();
        } catch (IOException e) {
            // closed anyway: the socket is closed even when reading the client's close_notify timed out
        }
    }

    /**
     * One request to the loopback endpoint through a context the function's clients use (the AWS roots', or the
     * JVM's default): its trust manager must refuse the loopback certificate, which it does only after building its
     * validator from its trust store (lazily, on its first validation) and trying a certification path. That is work
     * a restored function's first handshake with AWS would otherwise do (about 9 ms of thread CPU measured for the
     * JDK's whole trust store); nothing is trusted, cached or kept by it (a failed handshake leaves no session).
     * Returns the refusal's message.
     *
     * @throws IllegalStateException if the context accepted the loopback certificate
     */
    private static String refused(HttpTransport transport, URI uri) {
        try {
            transport.post(uri, Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target",
                    "SnapStartPriming.Tls"), "{}".getBytes(StandardCharsets.UTF_8));
        } catch (SSLHandshakeException expected) {
            return String.valueOf(expected.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("TLS priming failed", e);
        }
        throw new IllegalStateException("a TLS context of the function's clients trusted the loopback authority");
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
