package io.callhook.testing;

import io.callhook.aws.AwsTrust;
import io.callhook.config.LoopbackTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS endpoint on loopback in front of a plain HTTP one (the engine): it terminates TLS with a
 * {@link LoopbackTls} certificate for {@code localhost} and copies bytes both ways, so a client speaks HTTPS to the
 * engine as it does to DynamoDB. A client trusts it through a copy of the JDK's trust store with the front's
 * authority added ({@link #trustStore}), passed as {@code -Djavax.net.ssl.trustStore}.
 */
public final class TlsFront implements AutoCloseable {

    private final LoopbackTls tls;
    private final SSLServerSocket server;
    private final URI target;
    private final AtomicLong connections = new AtomicLong();

    private TlsFront(LoopbackTls tls, SSLServerSocket server, URI target) {
        this.tls = tls;
        this.server = server;
        this.target = target;
    }

    /** Starts a front for {@code target} ({@code http://host:port}) on a free loopback port. */
    public static TlsFront start(String target) {
        LoopbackTls tls = LoopbackTls.create();
        try {
            SSLServerSocket server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getByName(LoopbackTls.HOST));
            TlsFront front = new TlsFront(tls, server, URI.create(target));
            daemon("tls-front", front::acceptLoop);
            return front;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code https://localhost:<port>}. */
    public String endpoint() {
        return "https://" + LoopbackTls.HOST + ":" + server.getLocalPort();
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /**
     * Writes a copy of this JVM's default trust store ({@code java.home}'s {@code lib/security/cacerts}, in its own
     * format) with the front's authority added to {@code file}; a JVM started with
     * {@code -Djavax.net.ssl.trustStore=<file>} trusts the JDK's authorities and this front. Its password is
     * {@code changeit}, as the JDK's; a JVM reads it without one, as it reads the JDK's.
     */
    public Path trustStore(Path file) {
        Path jdk = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        try {
            KeyStore store = KeyStore.getInstance(jdk.toFile(), "changeit".toCharArray());
            store.setCertificateEntry("callhook-loopback-front", tls.authority());
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, "changeit".toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a trust store (JKS, password {@code changeit}) holding only the AWS roots callhook's clients trust by
     * default ({@link AwsTrust#roots()}) and this front's authority: the same small store for a JVM started with
     * {@code -Djavax.net.ssl.trustStore=<file>} (a handler that uses the JVM's default context).
     */
    public Path awsRootsTrustStore(Path file) {
        try {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            List<X509Certificate> roots = AwsTrust.roots();
            for (int i = 0; i < roots.size(); i++) {
                store.setCertificateEntry("aws-root-" + i, roots.get(i));
            }
            store.setCertificateEntry("callhook-loopback-front", tls.authority());
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, "changeit".toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes this front's authority to {@code file} as PEM: for {@code CALLHOOK_TLS_EXTRA_CERTS}, which adds it to the
     * AWS roots callhook's clients trust ({@link AwsTrust}).
     */
    public Path authorityPem(Path file) {
        try {
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(tls.authority().getEncoded())
                    + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client's TLS context that trusts this front only. */
    public SSLContext clientContext() {
        return tls.clientContext();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                daemon("tls-front-in", () -> pump(client, upstream));
                daemon("tls-front-out", () -> pump(upstream, client));
            } catch (IOException e) {
                // closed, or one connection failed: the next accept tells which
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side closed
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
    }
}
