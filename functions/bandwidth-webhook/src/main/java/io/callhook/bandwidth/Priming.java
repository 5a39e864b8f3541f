package io.callhook.bandwidth;

import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.Organizations;
import io.callhook.config.PrimingHttpClient;
import io.callhook.http.PrimingRequests;
import io.callhook.config.Setting;
import io.callhook.http.Fields;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.webhook.WebhookHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Before SnapStart takes its snapshot, runs the translation of a v1 and a v2 sample event once (query decoding,
 * version detection, time parsing, cause mapping), so their classes are loaded and initialised in the snapshot.
 * Writes nothing.
 */
final class BandwidthPriming {

    private BandwidthPriming() {
    }

    /** Translates one sample callback of each API, as Bandwidth would send them; touches no storage. */
    static List<CallEvent> prime() {
        Fields catapult = BandwidthEvents.fromQuery(Fields.builder()
                .add("eventType", "hangup").add("callId", "snapstart-priming").add("from", " 10")
                .add("to", " 20").add("callUri", "priming").add("cause", "NORMAL_CLEARING")
                .add("time", "2020-01-01T00:00:00-03").build());
        Fields voice = Fields.builder()
                .add("eventType", "disconnect").add("callId", "snapstart-priming").add("direction", "inbound")
                .add("eventTime", "2020-01-01T00:00:01.000Z").add("accountId", "0").add("from", "+10")
                .add("to", "+20").add("startTime", "2020-01-01T00:00:00Z").add("answerTime", "2020-01-01T00:00:00.5Z")
                .add("endTime", "2020-01-01T00:00:01+0000").add("cause", "hangup").build();
        return List.of(BandwidthEvents.translate(catapult, "priming", Instant.EPOCH).event(),
                BandwidthEvents.translate(voice, "priming", Instant.EPOCH).event());
    }

    /**
     * The whole request path once: a v2 disconnect as JSON through a handler whose store's AWS client answers
     * itself ({@link PrimingHttpClient}), after the translations above. No table is touched. Returns the
     * operations sent.
     */
    static List<String> primeRequestPath(Environment env) {
        prime();
        PrimingHttpClient http = new PrimingHttpClient();
        BandwidthWebhookHandler handler = new BandwidthWebhookHandler(
                TokenHashes.parse("priming:" + TokenHashes.hashOf(PrimingRequests.TOKEN)),
                DynamoCallStore.fromEnvironment(AwsClients.dynamoDb(env, http), env, Organizations::single));
        handler.handleRequest(PrimingRequests.http("POST", "POST /api/v1/bandwidth/{token}",
                "/api/v1/bandwidth/priming", Map.of("content-type", "application/json"),
                Map.of("token", PrimingRequests.TOKEN),
                "{\"eventType\":\"disconnect\",\"callId\":\"snapstart-priming\","
                        + "\"direction\":\"inbound\",\"eventTime\":\"2020-01-01T00:00:01.000Z\",\"accountId\":\"0\","
                        + "\"from\":\"+10\",\"to\":\"+20\",\"startTime\":\"2020-01-01T00:00:00Z\","
                        + "\"endTime\":\"2020-01-01T00:00:01Z\",\"cause\":\"hangup\"}"), null);
        LiveConfig config = DynamoConfigStore.liveConfig(AwsClients.dynamoDb(env, http), env);
        WebhookHandler.primeSettings(config, env);
        config.parsed(Setting.BANDWIDTH_CREDENTIAL_HASHES, TokenHashes::parse).get();
        return http.operations();
    }
}
