// LambdaCredentials: the function role's credentials from Lambda's environment variables or from the container
// credentials endpoint (served here by the JDK's HTTP server), cached as the SDK caches them: fetched again from 15
// minutes before they expire, served on while a fetch fails until one minute before expiry; one provider per process.
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
    void containerCredentialsAreReusedUntilFifteenMinutesBeforeTheyExpire() {
        useContainerEndpoint();
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTH_TOKEN);
        LambdaCredentials credentials = credentials();

        AwsCredentialsIdentity first = credentials.credentials();
        Instant refreshAt = T0.plus(VALIDITY).minus(Duration.ofMinutes(15));
        clock.set(refreshAt.minusMillis(1));
        AwsCredentialsIdentity beforeRefresh = credentials.credentials();

        assertSame(first, beforeRefresh);
        assertEquals(1, authorizations.size());

        clock.set(refreshAt);
        AwsCredentialsIdentity refreshed = credentials.credentials();

        assertEquals("ASIA2", refreshed.accessKeyId());
        assertEquals(2, authorizations.size());
        clock.set(refreshAt.plus(VALIDITY).minus(Duration.ofMinutes(15)).minusMillis(1));
        assertSame(refreshed, credentials.credentials(), "the new ones are reused until their own refresh time");
        assertEquals(2, authorizations.size());
    }

    @Test
    void longLivedCredentialsAreFetchedAgainAnHourAfterTheyWereFetched() {
        useContainerEndpoint();
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTH_TOKEN);
        LambdaCredentials credentials = new LambdaCredentials(env::get, clock);
        AwsCredentialsIdentity first = credentials.credentials();
        // the endpoint's credentials are valid for an hour from each fetch; an hour is also the longest reuse
        clock.set(T0.plus(Duration.ofMinutes(44)));
        assertSame(first, credentials.credentials());
        clock.set(T0.plus(Duration.ofMinutes(45)));
        assertEquals("ASIA2", credentials.credentials().accessKeyId());
    }

    @Test
    void aFailedRefreshKeepsServingCredentialsThatAreStillValid() {
        useContainerEndpoint();
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTH_TOKEN);
        LambdaCredentials credentials = credentials();
        AwsCredentialsIdentity first = credentials.credentials();
        Instant expiry = T0.plus(VALIDITY);

        status = 500;
        clock.set(expiry.minus(Duration.ofMinutes(4)));
        assertSame(first, credentials.credentials(), "4 minutes before expiry they are still valid");
        clock.set(expiry.minus(Duration.ofMinutes(1)).minusMillis(1));
        assertSame(first, credentials.credentials(), "and until one minute before");
        assertEquals(3, authorizations.size(), "each request after the refresh time asked the endpoint again");

        status = 200;
        AwsCredentialsIdentity refreshed = credentials.credentials();
        assertEquals("ASIA4", refreshed.accessKeyId());
        clock.advance(Duration.ofMinutes(30));
        assertSame(refreshed, credentials.credentials(), "a successful fetch sets the next refresh time");
        assertEquals(4, authorizations.size());
    }

    @Test
    void aFailedRefreshOfStaleCredentialsFailsTheRequest() {
        useContainerEndpoint();
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTH_TOKEN);
        LambdaCredentials credentials = credentials();
        credentials.credentials();

        status = 500;
        clock.set(T0.plus(VALIDITY).minus(Duration.ofMinutes(1)));
        AwsException failure = assertThrows(AwsException.class, credentials::credentials);

        assertTrue(failure.retryable());
        status = 200;
        assertEquals("ASIA3", credentials.credentials().accessKeyId());
    }

    @Test
    void everyClientOfAProcessSharesOneProviderPerSource() {
        useContainerEndpoint();
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", AUTH_TOKEN);
        Map<String, String> sameValues = new HashMap<>(env);
        sameValues.put("AWS_REGION", "eu-central-1");

        LambdaCredentials dynamo = LambdaCredentials.shared(env::get, clock);
        LambdaCredentials events = LambdaCredentials.shared(sameValues::get, clock);
        assertSame(dynamo, events);
        assertEquals(dynamo.credentials(), events.credentials());
        assertEquals(1, authorizations.size(), "one fetch for both clients");

        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "another-token");
        assertFalse(dynamo == LambdaCredentials.shared(env::get, clock), "another source, another provider");
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
