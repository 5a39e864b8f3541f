// SnapStart's TLS priming: handshakes with an endpoint in this process (nothing reaches the engine), the default
// TLS context left as it was; and in a fresh JVM with class loading logged, a real first request over HTTPS to the
// engine (behind a TLS front whose authority is trusted beside the AWS roots) loads no TLS class after the
// priming, while without the priming it loads the TLS stack.
package io.callhook.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.Faults;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.TlsFront;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrimingTlsTest {

    /** Packages of the JDK's TLS stack: the handshake, certificates and their validation, HTTPS. */
    private static final List<String> TLS_PACKAGES = List.of("sun.security.ssl.", "javax.net.ssl.",
            "sun.security.provider.certpath.", "sun.security.x509.", "java.security.cert.",
            "sun.net.www.protocol.https.");

    @TempDir
    Path dir;

    @Test
    void primingCompletesATls12AndRepeatedTls13HandshakesAndTouchesNoTable() {
        LocalDynamo local = LocalDynamo.shared();
        SSLSocketFactory before = HttpsURLConnection.getDefaultSSLSocketFactory();
        Faults.Rule any = local.engine().faults().add(Faults.Rule.onAny().delay(0));
        List<PrimingTls.Handshake> handshakes;
        try {
            handshakes = PrimingTls.prime();
        } finally {
            local.engine().faults().clear();
        }
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), handshakes.stream().map(PrimingTls.Handshake::protocol).toList());
        assertTrue(handshakes.stream().allMatch(h -> h.status() == 200 && h.target().equals("SnapStartPriming.Tls")
                && h.cipherSuite().startsWith("TLS_")), handshakes::toString);
        assertEquals(List.of(1, PrimingTls.HANDSHAKES),
                handshakes.stream().map(PrimingTls.Handshake::connections).toList());
        assertEquals(List.of(1, PrimingTls.HANDSHAKES - 1 + PrimingTls.REQUESTS),
                handshakes.stream().map(PrimingTls.Handshake::requests).toList());
        assertTrue(!PrimingTls.refusals.isEmpty()
                && PrimingTls.refusals.stream().allMatch(r -> r.contains("PKIX path building failed")),
                PrimingTls.refusals::toString);
        assertEquals(0, any.fired());
        assertSame(before, HttpsURLConnection.getDefaultSSLSocketFactory());
    }

    @Test
    void afterPrimingTheFirstRequestOverTlsLoadsNoTlsClass() throws Exception {
        LocalDynamo local = LocalDynamo.shared();
        String table = local.createTables().get("CallsTable");
        try (TlsFront front = TlsFront.start(local.endpoint())) {
            Path authority = front.authorityPem(dir.resolve("front.pem"));
            List<String> primed = tlsClassesLoadedByTheFirstRequest("primed", front, authority, table);
            List<String> unprimed = tlsClassesLoadedByTheFirstRequest("unprimed", front, authority, table);

            assertEquals(List.of(), primed);
            assertTrue(unprimed.contains("sun.security.ssl.SSLSocketImpl")
                    && unprimed.contains("sun.security.provider.certpath.PKIXCertPathValidator"), unprimed::toString);
            assertEquals(2, front.connections());
        }
    }

    private static List<String> tlsClassesLoadedByTheFirstRequest(String mode, TlsFront front, Path authority,
                                                                  String table) throws IOException,
            InterruptedException {
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xlog:class+load=info:stdout",
                "-cp", System.getProperty("java.class.path"), TlsPrimingProbe.class.getName(), mode,
                front.endpoint(), table, authority.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // a guard against a hung JVM, not a measure of speed
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().toList();
        int from = lines.indexOf("MARK first-request");
        int to = lines.indexOf("MARK answered");
        assertTrue(from >= 0 && to > from, output);
        return lines.subList(from, to).stream()
                .filter(line -> line.contains("[class,load]"))
                .map(line -> line.substring(line.indexOf("[class,load]") + "[class,load]".length()).trim())
                .map(line -> line.split(" ")[0])
                .filter(name -> TLS_PACKAGES.stream().anyMatch(name::startsWith))
                .toList();
    }
}
