package io.callhook.twilio;

import io.callhook.auth.NamedSecrets;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.Organizations;
import io.callhook.config.PrimingHttpClient;
import io.callhook.http.PrimingRequests;
import io.callhook.http.Fields;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.webhook.WebhookHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Before SnapStart takes its snapshot, runs a signed sample callback through the whole request path (signature
 * check, form decoding, RFC 1123 time parsing, translation, the store's marshalling and signing) on a client whose
 * HTTP client answers itself, so the classes are loaded and initialised in the snapshot. Writes nothing.
 */
final class TwilioPriming {

    static final String AUTH_TOKEN = "snapstart-priming-auth-token";
    static final String BODY = "CallSid=CAsnapstartpriming&AccountSid=AC0&From=%2B10&To=%2B20&Direction=inbound"
            + "&CallStatus=completed&CallDuration=1&Timestamp=Wed%2C+01+Jan+2020+00%3A00%3A01+%2B0000";

    private TwilioPriming() {
    }

    /** Translates the sample callback; touches no storage. */
    static List<CallEvent> prime() {
        Fields.Builder fields = Fields.builder();
        TwilioRequests.formParameters(BODY).forEach(p -> fields.add(p.getKey(), p.getValue()));
        return TwilioEvents.translate(fields.build(), "priming", Instant.EPOCH, "voicemail");
    }

    /** The whole request path once, through a handler of its own tokens and a store that reaches no table. */
    static List<String> primeRequestPath(Environment env) {
        prime();
        PrimingHttpClient http = new PrimingHttpClient();
        TwilioWebhookHandler handler = new TwilioWebhookHandler(
                TokenHashes.parse("priming:" + TokenHashes.hashOf(PrimingRequests.TOKEN)),
                new TwilioRequests(NamedSecrets.parse("priming:" + AUTH_TOKEN), "https://priming.invalid"),
                "voicemail",
                DynamoCallStore.fromEnvironment(AwsClients.dynamoDb(env, http), env, Organizations::single));
        String path = TwilioRequests.ROUTE_PREFIX + PrimingRequests.TOKEN;
        String signature = TwilioSignature.sign(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8),
                "https://priming.invalid" + path, TwilioRequests.formParameters(BODY));
        handler.handleRequest(PrimingRequests.http("POST", "POST /api/v1/twilio/{token}", path,
                Map.of("content-type", "application/x-www-form-urlencoded", TwilioRequests.SIGNATURE_HEADER,
                        signature), Map.of("token", PrimingRequests.TOKEN), BODY), null);
        WebhookHandler.primeSettings(DynamoConfigStore.liveConfig(AwsClients.dynamoDb(env, http), env), env);
        return http.operations();
    }
}
