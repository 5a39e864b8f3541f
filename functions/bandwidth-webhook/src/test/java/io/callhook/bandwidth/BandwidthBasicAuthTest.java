// Handler tests (the DynamoDB engine over HTTP): an integration with Bandwidth callback credentials configured
// (BANDWIDTH_CREDENTIAL_HASHES) must send them as HTTP Basic; others are not asked.
package io.callhook.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.auth.TokenHashes;
import io.callhook.config.Environment;
import io.callhook.json.Json;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.CapturedLog;
import io.callhook.testing.LocalDynamo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BandwidthBasicAuthTest {

    static final String PASSWORD = "s3cret-Callback-pass";

    static BandwidthWebhookHandler handler;
    static DynamoCallStore store;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        Environment env = local.functionEnvironment("BandwidthWebhookFunction", tables, Map.of(
                "WEBHOOK_TOKEN_HASHES", "local:" + TokenHashes.hashOf(BandwidthWebhookHandlerTest.TOKEN)
                        + ",open:" + TokenHashes.hashOf("open-token"),
                "BANDWIDTH_CREDENTIAL_HASHES", "local:" + TokenHashes.hashOf("bw-user:" + PASSWORD)
                        + ",local:" + TokenHashes.hashOf("bw-user:next-pass")));
        handler = new BandwidthWebhookHandler(env);
        store = DynamoCallStore.fromEnvironment(local.client(), env);
    }

    static APIGatewayV2HTTPEvent callback(String suffix, String authorization) {
        APIGatewayV2HTTPEvent event = BandwidthWebhookHandlerTest.load("v2-initiate.json", suffix);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        event.setHeaders(headers);
        return event;
    }

    static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    static boolean stored(String suffix) {
        return store.find("local:" + BandwidthWebhookHandlerTest.V2_CALL + suffix).isPresent();
    }

    @Test
    void eitherConfiguredCredentialIsAccepted() {
        assertEquals(200, handler.handleRequest(callback("-basic-ok", basic("bw-user:" + PASSWORD)), null)
                .getStatusCode());
        assertTrue(stored("-basic-ok"));
        assertEquals(200, handler.handleRequest(callback("-basic-next", "basic " + basic("bw-user:next-pass")
                .substring(6)), null).getStatusCode(), "the scheme is case-insensitive; a second pair rotates");
        assertTrue(stored("-basic-next"));
    }

    @Test
    void missingOrWrongCredentialsAre401WithABasicChallengeWriteNothingAndAreNeverLogged() {
        Map<String, String> refused = Map.of(
                "-basic-none", "",
                "-basic-wrong", basic("bw-user:" + PASSWORD + "x"),
                "-basic-user", basic("other:" + PASSWORD),
                "-basic-garbage", "Basic not-base64!",
                "-basic-bearer", "Bearer " + PASSWORD);
        try (CapturedLog log = CapturedLog.start()) {
            refused.forEach((suffix, authorization) -> {
                APIGatewayV2HTTPResponse response = handler.handleRequest(
                        callback(suffix, authorization.isEmpty() ? null : authorization), null);
                assertEquals(401, response.getStatusCode(), suffix);
                assertEquals("Basic realm=\"callhook\", charset=\"UTF-8\"",
                        response.getHeaders().get("www-authenticate"), suffix);
                assertEquals("application/json", response.getHeaders().get("content-type"));
                assertTrue(String.valueOf(Json.parseObject(response.getBody()).get("error"))
                        .contains("Basic credentials"), response.getBody());
                assertFalse(stored(suffix), suffix + " wrote a record");
            });
            assertFalse(log.text().contains(PASSWORD), "a password reached the log");
        }
    }

    @Test
    void anIntegrationWithoutCredentialsIsNotAsked() {
        APIGatewayV2HTTPEvent event = callback("-basic-open", null);
        event.setPathParameters(Map.of("token", "open-token"));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(store.find("open:" + BandwidthWebhookHandlerTest.V2_CALL + "-basic-open").isPresent());
    }

    @Test
    void aWrongPathTokenIsStill401WithoutAChallenge() {
        APIGatewayV2HTTPEvent event = callback("-basic-token", basic("bw-user:" + PASSWORD));
        event.setPathParameters(Map.of("token", "unknown"));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertEquals(401, response.getStatusCode());
        assertFalse(response.getHeaders().containsKey("www-authenticate"));
    }
}
