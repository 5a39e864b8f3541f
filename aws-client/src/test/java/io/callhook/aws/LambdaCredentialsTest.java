// LambdaCredentials: the function role's credentials from Lambda's environment variables or from the container
// credentials endpoint (served here by the JDK's HTTP server), reused until five minutes before they expire.
package io.callhook.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.callhook.engine.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class LambdaCredentialsTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Duration VALIDITY = Duration.ofHours(1);
    private static final String AUTH_TOKEN = "container-auth-token-1";

    private final ManualClock clock = new ManualClock(T0);
    private final Map<String, String> env = new HashMap<>();
    /** The Authorization header of every request the endpoint got. */
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer endpoint;
    private int status = 200;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/2018-06-01/credentials", this::answer);
        endpoint.start();
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.stop(0);
    }

    /** Answers with the n-th credentials, valid for an hour from the clock's now, to the right token only. */
    private void answer(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(authorization));
        int n = authorizations.size();
        String body = "{\"AccessKeyId\":\"ASIA" + n + "\",\"SecretAccessKey\":\"secret-" + n + "\",\"Token\":\"token-"
                + n + "\",\"Expiration\":\"" + clock.instant().plus(VALIDITY) + "\"}";
        int answered = !AUTH_TOKEN.equals(authorization) ? 401 : status;
        byte[] bytes = (answered == 200 ? body : "{\"message\":\"no\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answered, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private LambdaCredentials credentials() {
        return new LambdaCredentials(env::get, clock);
    }

    private void useContainerEndpoint() {
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:" + endpoint.getAddress().getPort()
                + "/2018-06-01/credentials");
    }

    @Test
    void environmentVariablesWithoutASessionToken() {
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");

        AwsCredentialsIdentity identity = credentials().credentials();

        assertFalse(identity instanceof AwsSessionCredentialsIdentity);
        assertEquals("AKIDEXAMPLE", identity.accessKeyId());
        assertEquals("secret", identity.secretAccessKey());
    }

    @Test
    void environmentVariablesWithASessionToken() {
        env.put("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        env.put("AWS_SESSION_TOKEN", "session");
        LambdaCredentials credentials = credentials();

        AwsSessionCredentialsIdentity identity = assertInstanceOf(AwsSessionCredentialsIdentity.class,
                credentials.credentials());

        assertEquals("ASIAEXAMPLE", identity.accessKeyId());
        assertEquals("secret", identity.secretAccessKey());
        assertEquals("session", identity.sessionToken());
        clock.advance(Duration.ofDays(30));
        assertSame(identity, credentials.credentials(), "variables do not expire");
    }

    @Test
    void containerEndpointWithTheTokenFromAVariableComesBeforeTheVariables() {
        useContainerEndpoint();
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTH_TOKEN);
        env.put("AWS_ACCESS_KEY_ID", "AKID-FROM-VARIABLES");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");

        AwsSessionCredentialsIdentity identity = assertInstanceOf(AwsSessionCredentialsIdentity.class,
                credentials().credentials());

        assertEquals("ASIA1", identity.accessKeyId());
        assertEquals("secret-1", identity.secretAccessKey());
        assertEquals("token-1", identity.sessionToken());
        assertEquals(List.of(AUTH_TOKEN), authorizations);
    }

    @Test
    void containerEndpointWithTheTokenFromAFile(@TempDir Path dir) throws IOException {
        useContainerEndpoint();
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, AUTH_TOKEN + "\n", StandardCharsets.UTF_8);
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile.toString());

        AwsCredentialsIdentity identity = credentials().credentials();

        assertEquals("ASIA1", identity.accessKeyId());
        assertEquals(List.of(AUTH_TOKEN), authorizations);
    }

    @Test
    void containerCredentialsAreReusedUntilFiveMinutesBeforeTheyExpire() {
        useContainerEndpoint();
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTH_TOKEN);
        LambdaCredentials credentials = credentials();

        AwsCredentialsIdentity first = credentials.credentials();
        Instant refreshAt = T0.plus(VALIDITY).minus(Duration.ofMinutes(5));
        clock.set(refreshAt.minusMillis(1));
        AwsCredentialsIdentity beforeRefresh = credentials.credentials();

        assertSame(first, beforeRefresh);
        assertEquals(1, authorizations.size());

        clock.set(refreshAt);
        AwsCredentialsIdentity refreshed = credentials.credentials();

        assertEquals("ASIA2", refreshed.accessKeyId());
        assertEquals(2, authorizations.size());
        clock.set(refreshAt.plus(VALIDITY).minus(Duration.ofMinutes(5)).minusMillis(1));
        assertSame(refreshed, credentials.credentials(), "the new ones are reused until their own refresh time");
        assertEquals(2, authorizations.size());
    }

    @Test
    void noSourceAtAllIsAClearFailureThatNoRetryCures() {
        AwsException failure = assertThrows(AwsException.class, () -> credentials().credentials());

        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"), failure.getMessage());
        assertTrue(failure.getMessage().contains("AWS_ACCESS_KEY_ID"), failure.getMessage());
    }

    @Test
    void onlyAnAccessKeyWithoutItsSecretIsNoSource() {
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");

        assertFalse(assertThrows(AwsException.class, () -> credentials().credentials()).retryable());
    }

    @Test
    void anEndpointFailingWithServerErrorIsRetryableAndTriedAgainNextTime() {
        useContainerEndpoint();
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTH_TOKEN);
        status = 500;
        LambdaCredentials credentials = credentials();

        AwsException failure = assertThrows(AwsException.class, credentials::credentials);

        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("500"), failure.getMessage());
        status = 200;
        assertEquals("ASIA2", credentials.credentials().accessKeyId());
    }

    @Test
    void anEndpointRefusingTheCallerIsNotRetryable() {
        useContainerEndpoint();
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a-wrong-token");

        AwsException refused = assertThrows(AwsException.class, () -> credentials().credentials());

        assertFalse(refused.retryable());
        assertTrue(refused.getMessage().contains("401"), refused.getMessage());
        assertEquals(List.of("a-wrong-token"), authorizations);
    }
}
