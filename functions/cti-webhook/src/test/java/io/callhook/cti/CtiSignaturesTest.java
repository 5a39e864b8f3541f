// Handler tests (the DynamoDB engine over HTTP): an integration with CTI signature keys configured
// (CTI_SIGNATURE_KEYS) must sign every body with X-Callhook-Signature; others are not asked.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.auth.TokenHashes;
import io.callhook.config.Environment;
import io.callhook.http.ApiRequest;
import io.callhook.json.Json;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.LocalDynamo;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CtiSignaturesTest {

    static final String KEY = "pbx-signing-key-1";
    static final String NEXT_KEY = "pbx-signing-key-2";

    static CtiWebhookHandler handler;
    static DynamoCallStore store;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        Environment env = local.functionEnvironment("CtiWebhookFunction", tables, Map.of(
                "WEBHOOK_TOKEN_HASHES", "local:" + TokenHashes.hashOf(CtiWebhookHandlerTest.TOKEN)
                        + ",open:" + TokenHashes.hashOf("open-token"),
                "CTI_SIGNATURE_KEYS", "local:" + KEY + ",local:" + NEXT_KEY));
        handler = new CtiWebhookHandler(env);
        store = DynamoCallStore.fromEnvironment(local.client(), env);
    }

    /** A sample event for its own call, signed over its raw body (base64 undone) when {@code key} is given. */
    static APIGatewayV2HTTPEvent event(String file, String callId, String key) {
        APIGatewayV2HTTPEvent event = CtiWebhookHandlerTest.load(file, callId);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        if (key != null) {
            byte[] body = ApiRequest.of(event).body();
            headers.put(CtiSignatures.HEADER, CtiSignatures.sign(key.getBytes(StandardCharsets.UTF_8), body));
        }
        event.setHeaders(headers);
        return event;
    }

    static boolean stored(String callId) {
        return store.find("local:" + callId).isPresent();
    }

    @Test
    void signedBodiesInEveryEncodingAreAcceptedUnderEitherKey() {
        for (String file : List.of("newCall-inbound-json.json", "answer-inbound-urlencoded.json",
                "hangup-inbound-multipart.json")) {
            for (String key : List.of(KEY, NEXT_KEY)) {
                String callId = "signed-" + file.replace(".json", "") + "-" + key.substring(key.length() - 1);
                APIGatewayV2HTTPResponse response = handler.handleRequest(event(file, callId, key), null);
                assertEquals(200, response.getStatusCode(), file + ": " + response.getBody());
                assertTrue(stored(callId));
            }
        }
    }

    @Test
    void theHexMayBeUpperCase() {
        APIGatewayV2HTTPEvent event = event("newCall-inbound-json.json", "signed-upper", KEY);
        event.getHeaders().put(CtiSignatures.HEADER, "sha256=" + event.getHeaders().get(CtiSignatures.HEADER)
                .substring(7).toUpperCase(Locale.ROOT));
        assertEquals(200, handler.handleRequest(event, null).getStatusCode());
    }

    @Test
    void aMissingOrWrongSignatureIs403AndWritesNothing() {
        assertRefused(event("newCall-inbound-json.json", "unsigned-1", null), "unsigned-1", "missing");
        assertRefused(event("newCall-inbound-json.json", "wrong-key-1", "another-key"), "wrong-key-1",
                "does not match");
        APIGatewayV2HTTPEvent changed = event("newCall-inbound-json.json", "changed-1", KEY);
        changed.setBody(changed.getBody().replace("changed-1", "changed-2"));
        assertRefused(changed, "changed-2", "does not match");
        APIGatewayV2HTTPEvent noPrefix = event("newCall-inbound-json.json", "prefix-1", KEY);
        noPrefix.getHeaders().put(CtiSignatures.HEADER, noPrefix.getHeaders().get(CtiSignatures.HEADER)
                .substring(7));
        assertRefused(noPrefix, "prefix-1", "does not match");
    }

    static void assertRefused(APIGatewayV2HTTPEvent event, String callId, String mentions) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertEquals(403, response.getStatusCode(), response.getBody());
        assertTrue(String.valueOf(Json.parseObject(response.getBody()).get("error")).contains(mentions),
                response.getBody());
        assertFalse(response.getBody().contains(KEY));
        assertFalse(stored(callId), "a refused request wrote a record");
    }

    @Test
    void anIntegrationWithoutKeysIsNotAsked() {
        APIGatewayV2HTTPEvent event = event("newCall-inbound-json.json", "open-1", null);
        event.setPathParameters(Map.of("token", "open-token"));
        assertEquals(200, handler.handleRequest(event, null).getStatusCode());
        assertTrue(store.find("open:open-1").isPresent());
    }
}
