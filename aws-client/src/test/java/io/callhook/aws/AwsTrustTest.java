package io.callhook.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// The AWS roots the client trusts by default: exactly Amazon Root CA 1-4 and Starfield Services Root G2, the same
// certificates as the JDK's own trust store holds; CALLHOOK_TLS_TRUST=jdk switches back to the JVM's default context.
// (Handshakes with each choice: AwsTrustTlsTest in callhook-stores, against a TLS endpoint in front of the engine.)
class AwsTrustTest {

    /** SHA-256 fingerprints, as AWS publishes them (https://www.amazontrust.com/repository/), in the resource's order. */
    private static final List<String> ROOTS = List.of(
            "8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e",  // Amazon Root CA 1
            "1ba5b2aa8c65401a82960118f80bec4f62304d83cec4713a19c39c011ea46db4",  // Amazon Root CA 2
            "18ce6cfe7bf14e60b2e347b8dfe868cb31d02ebb3ada271569f50343b46db3a4",  // Amazon Root CA 3
            "e35d28419ed02025cfa69038cd623962458da5c695fbdea3c22b0bfb25897092",  // Amazon Root CA 4
            "568d6905a2c88708a4b3025190edcfedb1974a606a13c6e5290fcb2ae63edab5"); // Starfield Services Root G2

    @TempDir
    Path dir;

    @Test
    void theRootsAreExactlyTheAwsRootsAsTheJdksTrustStoreHoldsThem() throws Exception {
        List<X509Certificate> roots = AwsTrust.roots();
        assertEquals(ROOTS, roots.stream().map(AwsTrustTest::sha256).toList());
        assertEquals(List.of("CN=Amazon Root CA 1, O=Amazon, C=US", "CN=Amazon Root CA 2, O=Amazon, C=US",
                "CN=Amazon Root CA 3, O=Amazon, C=US", "CN=Amazon Root CA 4, O=Amazon, C=US",
                "CN=Starfield Services Root Certificate Authority - G2, O=\"Starfield Technologies, Inc.\", "
                        + "L=Scottsdale, ST=Arizona, C=US"),
                roots.stream().map(root -> root.getSubjectX500Principal().getName("RFC1779")).toList());
        KeyStore jdk = KeyStore.getInstance(new File(System.getProperty("java.home"), "lib/security/cacerts"),
                (char[]) null);
        Set<String> inTheJdk = Collections.list(jdk.aliases()).stream().map(alias -> certificate(jdk, alias))
                .filter(c -> c != null).map(AwsTrustTest::sha256).collect(Collectors.toSet());
        assertTrue(inTheJdk.containsAll(ROOTS), "the JDK's trust store lacks an AWS root");
    }

    @Test
    void theAwsRootsAreOneContextPerProcessAndTheJvmsDefaultIsTheDefault() {
        assertNull(AwsTrust.socketFactory(Map.<String, String>of()::get).get(), "unset: the JVM's default context");
        SSLSocketFactory roots = AwsTrust.socketFactory(Map.of(AwsTrust.SETTING, "aws-roots")::get).get();
        assertNotNull(roots);
        assertSame(roots, AwsTrust.socketFactory(Map.of(AwsTrust.SETTING, " AWS-Roots ")::get).get());
        assertTrue(AwsTrust.chosen().contains(roots));
    }

    @Test
    void jdkSwitchesBackToTheJvmsDefaultContext() {
        assertNull(AwsTrust.socketFactory(Map.of(AwsTrust.SETTING, "jdk")::get).get());
        assertTrue(AwsTrust.jdkDefaultChosen());
    }

    @Test
    void anotherValueOrAnUnreadableExtraFileIsRefusedWhenTheClientIsBuilt() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> UrlConnectionTransport.standard(Map.of(AwsTrust.SETTING, "all")::get));
        assertEquals("CALLHOOK_TLS_TRUST must be aws-roots or jdk, not all", wrong.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> AwsTrust.socketFactory(Map.of(AwsTrust.SETTING, "aws-roots", AwsTrust.EXTRA_CERTS,
                        dir.resolve("none.pem").toString())::get));
        assertTrue(missing.getMessage().startsWith("CALLHOOK_TLS_EXTRA_CERTS: "), missing.getMessage());
        IllegalArgumentException notForJdk = assertThrows(IllegalArgumentException.class,
                () -> AwsTrust.socketFactory(Map.of(AwsTrust.EXTRA_CERTS, dir.resolve("none.pem").toString())::get));
        assertTrue(notForJdk.getMessage().startsWith("CALLHOOK_TLS_EXTRA_CERTS is for CALLHOOK_TLS_TRUST=aws-roots"),
                notForJdk.getMessage());
    }

    private static Certificate certificate(KeyStore store, String alias) {
        try {
            return store.getCertificate(alias);
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
