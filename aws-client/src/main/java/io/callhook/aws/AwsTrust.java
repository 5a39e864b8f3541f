package io.callhook.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The authorities callhook's AWS clients trust for HTTPS, chosen by the function's environment.
 *
 * <ul>
 *   <li>{@value #SETTING} unset or {@code aws-roots} (the default): only the roots AWS service endpoints chain to,
 *       Amazon Root CA 1 to 4 and Starfield Services Root Certificate Authority G2 ({@value #RESOURCE}, copied at
 *       build time from the building JDK's own trust store, the same certificates as in every JDK's), plus the
 *       certificates of the PEM file {@value #EXTRA_CERTS} names, if it is set (a proxy's or a test endpoint's
 *       authority). Five authorities instead of the JDK's whole trust store (about 140): a cold start parses five
 *       certificates and builds its certification path validator over five anchors.</li>
 *   <li>{@code jdk}: the JVM's default TLS context, as the AWS SDK uses by default (the JDK's trust store, or
 *       {@code javax.net.ssl.trustStore}, and whatever a caller set as {@code HttpsURLConnection}'s default). For an
 *       endpoint whose certificate is not issued under the Amazon roots: a TLS-inspecting proxy, a private CA.</li>
 * </ul>
 *
 * <p>Host names are checked and certification paths validated as the JDK does for either choice (the JDK's PKIX
 * trust manager and {@code HttpsURLConnection}'s host name check). One TLS context per process and extra file, shared
 * by every client that asks for it; any other value of {@value #SETTING} is refused when the client is built.
 */
public final class AwsTrust {

    /** The environment variable that chooses the trust: {@code aws-roots} (default) or {@code jdk}. */
    public static final String SETTING = "CALLHOOK_TLS_TRUST";

    /** The environment variable naming a PEM file of more authorities to trust beside the AWS roots. */
    public static final String EXTRA_CERTS = "CALLHOOK_TLS_EXTRA_CERTS";

    /** The class path resource holding the AWS roots (PEM), next to this class. */
    public static final String RESOURCE = "aws-roots.pem";

    private static final Map<String, SSLSocketFactory> CONTEXTS = new ConcurrentHashMap<>();

    /** Whether a client in this process chose the JVM's default context. */
    private static volatile boolean jdkDefaultChosen;

    private AwsTrust() {
    }

    /**
     * The socket factory for the trust {@code variables} choose, or null for the JVM's default (at each request,
     * {@code HttpsURLConnection.getDefaultSSLSocketFactory()}).
     *
     * @throws IllegalArgumentException if {@value #SETTING} has another value, or the extra file cannot be read
     */
    public static SSLSocketFactory socketFactory(Function<String, String> variables) {
        String setting = variables.apply(SETTING);
        String mode = setting == null || setting.isBlank() ? "aws-roots" : setting.trim().toLowerCase(Locale.ROOT);
        String extra = variables.apply(EXTRA_CERTS);
        String extraFile = extra == null || extra.isBlank() ? "" : extra.trim();
        return switch (mode) {
            case "jdk" -> {
                jdkDefaultChosen = true;
                yield null;
            }
            case "aws-roots" -> CONTEXTS.computeIfAbsent(extraFile, AwsTrust::awsRoots);
            default -> throw new IllegalArgumentException(SETTING + " must be aws-roots or jdk, not " + setting);
        };
    }

    /** The socket factories built so far in this process (what SnapStart priming warms up). */
    public static Collection<SSLSocketFactory> built() {
        return List.copyOf(CONTEXTS.values());
    }

    /** Whether a client in this process chose the JVM's default TLS context ({@code jdk}). */
    public static boolean jdkDefaultChosen() {
        return jdkDefaultChosen;
    }

    /** The AWS roots as {@value #RESOURCE} holds them, in its order. */
    public static List<X509Certificate> roots() {
        try (InputStream in = AwsTrust.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return certificates(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SSLSocketFactory awsRoots(String extraFile) {
        try {
            List<X509Certificate> trusted = new ArrayList<>(roots());
            if (!extraFile.isEmpty()) {
                try (InputStream in = Files.newInputStream(Path.of(extraFile))) {
                    trusted.addAll(certificates(in));
                }
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("authority-" + i, trusted.get(i));
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

    private static List<X509Certificate> certificates(InputStream pem) throws IOException {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                certificates.add((X509Certificate) certificate);
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
