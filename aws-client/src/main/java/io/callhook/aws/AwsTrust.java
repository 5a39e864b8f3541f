package io.callhook.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The authorities callhook's AWS clients trust for HTTPS, chosen by the function's environment.
 *
 * <ul>
 *   <li>{@code aws-roots}: only the roots AWS service endpoints chain to,
 *       Amazon Root CA 1 to 4 and Starfield Services Root Certificate Authority G2 ({@value #RESOURCE}, copied at
 *       build time from the building JDK's own trust store, the same certificates as in every JDK's), plus the
 *       certificates of the PEM file {@value #EXTRA_CERTS} names, if it is set (a proxy's or a test endpoint's
 *       authority). Five authorities instead of the JDK's whole trust store (about 140): a cold start parses five
 *       certificates and builds its certification path validator over five anchors.</li>
 *   <li>{@value #SETTING} unset or {@code jdk} (the default): the JVM's default TLS context, as the AWS SDK uses
 *       (the JDK's trust store, or {@code javax.net.ssl.trustStore}, and whatever a caller set as
 *       {@code HttpsURLConnection}'s default); also for an endpoint whose certificate is not issued under the Amazon
 *       roots: a TLS-inspecting proxy, a private CA.</li>
 * </ul>
 *
 * <p>Host names are checked and certification paths validated as the JDK does for either choice (the JDK's PKIX
 * trust manager and {@code HttpsURLConnection}'s host name check). One TLS context per process and extra file, shared
 * by every client that asks for it, made at its first HTTPS connection (a client that only speaks plain HTTP, as in
 * the local stack, loads no TLS class) or when SnapStart priming asks for it ({@link #chosen()}). Any other value of
 * {@value #SETTING}, and an extra file that cannot be read, are refused when the client is built; an extra file
 * that holds no certificate fails its first HTTPS connection.
 *
 * <p>The JVM's context is the default: the AWS roots save about 20 ms of CPU on a cold start without SnapStart and
 * nothing on a restore (priming puts either context in the snapshot), while a pinned list of authorities would
 * fail every request of a partition or endpoint whose certificates chain elsewhere (not verifiable here for aws-cn
 * and aws-us-gov). {@value #EXTRA_CERTS} applies to {@code aws-roots} only.
 */
public final class AwsTrust {

    /** The environment variable that chooses the trust: {@code jdk} (default) or {@code aws-roots}. */
    public static final String SETTING = "CALLHOOK_TLS_TRUST";

    /** The environment variable naming a PEM file of more authorities to trust beside the AWS roots. */
    public static final String EXTRA_CERTS = "CALLHOOK_TLS_EXTRA_CERTS";

    /** The class path resource holding the AWS roots (a JKS trust store), next to this class. */
    public static final String RESOURCE = "aws-roots.jks";

    private static final int ROOTS = 5;
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";

    private static final Map<String, Lazy> CONTEXTS = new ConcurrentHashMap<>();

    /** Whether a client in this process chose the JVM's default context. */
    private static volatile boolean jdkDefaultChosen;

    private AwsTrust() {
    }

    /**
     * The socket factory for the trust {@code variables} choose, made when first asked for; it gives null for the
     * JVM's default (then {@code HttpsURLConnection.getDefaultSSLSocketFactory()} at each request).
     *
     * @throws IllegalArgumentException if {@value #SETTING} has another value, or the extra file cannot be read
     */
    public static Supplier<SSLSocketFactory> socketFactory(Function<String, String> variables) {
        String setting = variables.apply(SETTING);
        String mode = setting == null || setting.isBlank() ? "jdk" : setting.trim().toLowerCase(Locale.ROOT);
        String extra = variables.apply(EXTRA_CERTS);
        String extraFile = extra == null || extra.isBlank() ? "" : extra.trim();
        return switch (mode) {
            case "jdk" -> {
                if (!extraFile.isEmpty()) {
                    throw new IllegalArgumentException(EXTRA_CERTS + " is for " + SETTING + "=aws-roots; with the"
                            + " JVM's default context add authorities with javax.net.ssl.trustStore");
                }
                jdkDefaultChosen = true;
                yield () -> null;
            }
            case "aws-roots" -> {
                if (!extraFile.isEmpty() && !Files.isReadable(Path.of(extraFile))) {
                    throw new IllegalArgumentException(EXTRA_CERTS + ": " + extraFile + " cannot be read");
                }
                yield CONTEXTS.computeIfAbsent(extraFile, Lazy::new);
            }
            default -> throw new IllegalArgumentException(SETTING + " must be aws-roots or jdk, not " + setting);
        };
    }

    /**
     * The AWS roots' socket factories chosen so far by this process's clients, made now if they were not yet (what
     * SnapStart priming warms up).
     */
    public static List<SSLSocketFactory> chosen() {
        return CONTEXTS.values().stream().map(Lazy::get).toList();
    }

    /** Whether a client in this process chose the JVM's default TLS context ({@code jdk}). */
    public static boolean jdkDefaultChosen() {
        return jdkDefaultChosen;
    }

    /** The AWS roots as {@value #RESOURCE} holds them ({@code aws-root-1} to {@code aws-root-5}), in that order. */
    public static List<X509Certificate> roots() {
        try {
            KeyStore store = rootStore();
            List<X509Certificate> roots = new ArrayList<>();
            for (int i = 1; i <= ROOTS; i++) {
                roots.add((X509Certificate) store.getCertificate("aws-root-" + i));
            }
            return roots;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(RESOURCE + " cannot be read", e);
        }
    }

    /** {@value #RESOURCE} as a key store, read as the JDK reads its own trust store (no password needed). */
    private static KeyStore rootStore() throws GeneralSecurityException {
        try (InputStream in = AwsTrust.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(in, null);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SSLSocketFactory awsRoots(String extraFile) {
        try {
            KeyStore store = rootStore();
            if (!extraFile.isEmpty()) {
                try (InputStream in = Files.newInputStream(Path.of(extraFile))) {
                    List<X509Certificate> extra = certificates(in);
                    for (int i = 0; i < extra.size(); i++) {
                        store.setCertificateEntry("extra-" + i, extra.get(i));
                    }
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new IllegalArgumentException(EXTRA_CERTS + ": " + extraFile + " cannot be read: " + e.getMessage(),
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the AWS roots' TLS context cannot be made", e);
        }
    }

    /** One context, made once at its first use. */
    private static final class Lazy implements Supplier<SSLSocketFactory> {

        private final String extraFile;
        private volatile SSLSocketFactory factory;

        Lazy(String extraFile) {
            this.extraFile = extraFile;
        }

        @Override
        public SSLSocketFactory get() {
            SSLSocketFactory made = factory;
            if (made == null) {
                synchronized (this) {
                    made = factory;
                    if (made == null) {
                        made = awsRoots(extraFile);
                        factory = made;
                    }
                }
            }
            return made;
        }
    }

    /**
     * The certificates of a PEM file, one {@code BEGIN CERTIFICATE} block at a time (the certificate factory's
     * multi-certificate reader tries PKCS#7 first, which costs a cold start more than the certificates do).
     */
    private static List<X509Certificate> certificates(InputStream pem) throws IOException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            String text = new String(pem.readAllBytes(), StandardCharsets.US_ASCII);
            List<X509Certificate> certificates = new ArrayList<>();
            int begin = text.indexOf(BEGIN);
            while (begin >= 0) {
                int end = text.indexOf(END, begin);
                if (end < 0) {
                    throw new IOException("a certificate has no " + END + " line");
                }
                byte[] block = text.substring(begin, end + END.length()).getBytes(StandardCharsets.US_ASCII);
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block)));
                begin = text.indexOf(BEGIN, end);
            }
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in it");
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
