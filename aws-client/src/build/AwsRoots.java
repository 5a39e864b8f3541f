import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Build step of callhook-aws-client (run by the exec plugin at generate-resources, as a single-file source program):
 * copies the authorities AWS service endpoints chain to out of the building JDK's own trust store
 * ({@code java.home}'s {@code lib/security/cacerts}) into a trust store of their own, the client's
 * {@code aws-roots.jks} (JKS, the JDK's own trust store format, read as the JDK reads its own: the cheapest to load on a
 * cold start; password {@code changeit}, which reading does not need). Nothing is downloaded. The certificates are
 * picked by SHA-256 fingerprint (the trust store's aliases differ between JDK builds) and stored as
 * {@code aws-root-1} to {@code aws-root-5} in the order below; the build fails if the JDK's trust store lacks any.
 *
 * <p>Argument: the trust store file to write.
 */
public final class AwsRoots {

    /** SHA-256 fingerprints of the roots, in the order they are written (also checked by AwsTrustTest). */
    static final Map<String, String> ROOTS = new LinkedHashMap<>();

    static {
        ROOTS.put("8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e", "Amazon Root CA 1");
        ROOTS.put("1ba5b2aa8c65401a82960118f80bec4f62304d83cec4713a19c39c011ea46db4", "Amazon Root CA 2");
        ROOTS.put("18ce6cfe7bf14e60b2e347b8dfe868cb31d02ebb3ada271569f50343b46db3a4", "Amazon Root CA 3");
        ROOTS.put("e35d28419ed02025cfa69038cd623962458da5c695fbdea3c22b0bfb25897092", "Amazon Root CA 4");
        ROOTS.put("568d6905a2c88708a4b3025190edcfedb1974a606a13c6e5290fcb2ae63edab5",
                "Starfield Services Root Certificate Authority - G2");
    }

    private AwsRoots() {
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        KeyStore store = KeyStore.getInstance(new File(cacerts.toString()), (char[]) null);
        Map<String, Certificate> found = new LinkedHashMap<>();
        for (String alias : Collections.list(store.aliases())) {
            Certificate certificate = store.getCertificate(alias);
            if (certificate != null) {
                String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(certificate.getEncoded()));
                if (ROOTS.containsKey(fingerprint)) {
                    found.put(fingerprint, certificate);
                }
            }
        }
        KeyStore roots = KeyStore.getInstance("JKS");
        roots.load(null, null);
        int index = 0;
        for (Map.Entry<String, String> root : ROOTS.entrySet()) {
            Certificate certificate = found.get(root.getKey());
            if (certificate == null) {
                throw new IllegalStateException(cacerts + " does not hold " + root.getValue() + " (SHA-256 "
                        + root.getKey() + ")");
            }
            roots.setCertificateEntry("aws-root-" + ++index, certificate);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        try (OutputStream stream = Files.newOutputStream(out)) {
            roots.store(stream, "changeit".toCharArray());
        }
        System.out.println("aws-roots: " + ROOTS.size() + " authorities from " + cacerts + " to " + out);
    }
}
