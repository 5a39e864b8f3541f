// Which authorities the functions' DynamoDB client trusts over real TLS (a TLS front on loopback before the engine,
// its certificate issued by an authority of its own): by default only the AWS roots, so the front is refused even
// when the JVM's default context trusts it; with the front's authority in CALLHOOK_TLS_EXTRA_CERTS it is accepted;
// with CALLHOOK_TLS_TRUST=jdk the client uses the JVM's default context again.
package io.callhook.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.aws.AwsException;
import io.callhook.aws.AwsTrust;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.TlsFront;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsTrustTlsTest {

    @TempDir
    Path dir;

    @Test
    void theAwsRootsRefuseAnotherAuthorityTheExtraFileAddsItAndJdkUsesTheJvmsDefault() {
        LocalDynamo local = LocalDynamo.shared();
        String table = local.createTables().get("CallsTable");
        SSLSocketFactory original = HttpsURLConnection.getDefaultSSLSocketFactory();
        try (TlsFront front = TlsFront.start(local.endpoint())) {
            // the JVM's default context trusts the front here, so only the client's own trust can refuse it
            HttpsURLConnection.setDefaultSSLSocketFactory(front.clientContext().getSocketFactory());

            getItem(front, table, Map.of());
            AwsException named = assertThrows(AwsException.class,
                    () -> getItem(front, table, Map.of(AwsTrust.SETTING, "aws-roots")));
            assertTrue(causedByAHandshakeFailure(named), named::toString);

            getItem(front, table, Map.of(AwsTrust.SETTING, "aws-roots", AwsTrust.EXTRA_CERTS,
                    front.authorityPem(dir.resolve("front.pem")).toString()));
            getItem(front, table, Map.of(AwsTrust.SETTING, "jdk"));

            HttpsURLConnection.setDefaultSSLSocketFactory(original);
            AwsException jdkRefuses = assertThrows(AwsException.class,
                    () -> getItem(front, table, Map.of(AwsTrust.SETTING, "jdk")));
            assertTrue(causedByAHandshakeFailure(jdkRefuses), jdkRefuses::toString);
            AwsException defaultRefuses = assertThrows(AwsException.class, () -> getItem(front, table, Map.of()));
            assertTrue(causedByAHandshakeFailure(defaultRefuses), "unset follows the JVM's default: " + defaultRefuses);
        } finally {
            HttpsURLConnection.setDefaultSSLSocketFactory(original);
        }
    }

    private static void getItem(TlsFront front, String table, Map<String, String> trust) {
        Map<String, String> env = new HashMap<>(LocalDynamo.shared().clientEnvironment());
        env.put(AwsClients.DYNAMODB_ENDPOINT, front.endpoint());
        env.putAll(trust);
        DynamoDbJsonClient client = AwsClients.dynamoDb(Environment.of(env));
        client.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("trust-probe"))));
    }

    private static boolean causedByAHandshakeFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }
}
