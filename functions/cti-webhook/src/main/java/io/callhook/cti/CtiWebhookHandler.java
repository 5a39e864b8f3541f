package io.callhook.cti;

import io.callhook.auth.NamedSecrets;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.call.EventType;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.Organizations;
import io.callhook.config.PrimingHttpClient;
import io.callhook.http.PrimingRequests;
import io.callhook.config.SnapStartPriming;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.http.ApiRequest;
import io.callhook.http.Fields;
import io.callhook.log.Invocation;
import io.callhook.store.CallStore;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.webhook.WebhookHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/cti/{token}}: generic CTI call events ({@code newCall}, {@code answer}, {@code hangup}) as
 * JSON, form or multipart bodies. Answers {@code 200 {}} once the event is stored; a {@code newCall} is answered
 * as Zammad answers it, from the integration's routing rules ({@link CallRouting}): a reject for a blocked caller,
 * a dial with the caller id for an outbound call. Only {@code newCall} reads the rules.
 */
public final class CtiWebhookHandler extends WebhookHandler {

    private final CtiSignatures signatures;
    private final CallRouting routing;

    /** Lambda's constructor: configuration from the environment, clients built once per container. */
    public CtiWebhookHandler() {
        this(Environment.system());
    }

    public CtiWebhookHandler(Environment env) {
        this(env, AwsClients.dynamoDb(env));
        SnapStartPriming.register(() -> primeRequestPath(env));
    }

    private CtiWebhookHandler(Environment env, DynamoDbJsonClient dynamo) {
        this(env, dynamo, DynamoConfigStore.liveConfig(dynamo, env));
    }

    private CtiWebhookHandler(Environment env, DynamoDbJsonClient dynamo, LiveConfig config) {
        this(tokens(config), env, dynamo, DynamoCallStore.live(dynamo, env, config));
    }

    private CtiWebhookHandler(Supplier<TokenHashes> tokens, Environment env, DynamoDbJsonClient dynamo,
                              CallStore store) {
        this(tokens, new CtiSignatures(NamedSecrets.parse(CtiSignatures.VARIABLE,
                env.optional(CtiSignatures.VARIABLE, ""))), store, CallRouting.fromEnvironment(dynamo, env));
    }

    /** A handler without call routing: every {@code newCall} is answered {@code {}}. */
    public CtiWebhookHandler(TokenHashes tokens, CallStore store) {
        this(tokens, CtiSignatures.none(), store, CallRouting.none());
    }

    /** A handler that also checks the body signatures of the integrations that sign ({@link CtiSignatures}). */
    public CtiWebhookHandler(TokenHashes tokens, CtiSignatures signatures, CallStore store) {
        this(tokens, signatures, store, CallRouting.none());
    }

    CtiWebhookHandler(TokenHashes tokens, CallStore store, CallRouting routing) {
        this(tokens, CtiSignatures.none(), store, routing);
    }

    CtiWebhookHandler(TokenHashes tokens, CtiSignatures signatures, CallStore store, CallRouting routing) {
        this(() -> tokens, signatures, store, routing);
    }

    private CtiWebhookHandler(Supplier<TokenHashes> tokens, CtiSignatures signatures, CallStore store,
                              CallRouting routing) {
        super(tokens, store);
        this.signatures = signatures;
        this.routing = routing;
    }

    @Override
    protected void verify(ApiRequest request, String source) {
        signatures.verify(request, source);
    }

    /** SnapStart priming: translates a sample multipart-style hangup, touching no storage. */
    static CallEvent prime() {
        return CtiEvents.translate(Fields.builder()
                .add("event", "hangup").add("callId", "snapstart-priming").add("direction", "in")
                .add("from", "0").add("to", "0").add("user[]", "priming").add("cause", "cancel")
                .build(), "priming", Instant.EPOCH);
    }

    /**
     * SnapStart priming of the whole request path: a newCall and a hangup, form-encoded then as JSON, through a
     * handler whose AWS client answers itself ({@link PrimingHttpClient}): token check, body decoding, translation,
     * the routing rules' GetItem, the UpdateItems' marshalling and signing, the answers. No table is touched.
     * Returns the operations sent.
     */
    static List<String> primeRequestPath(Environment env) {
        prime();
        PrimingHttpClient http = new PrimingHttpClient();
        TokenHashes tokens = TokenHashes.parse("priming:" + TokenHashes.hashOf(PrimingRequests.TOKEN));
        io.callhook.dynamodb.DynamoDbJsonClient dynamo = AwsClients.dynamoDb(env, http);
        CtiWebhookHandler handler = new CtiWebhookHandler(() -> tokens, env, dynamo,
                DynamoCallStore.fromEnvironment(dynamo, env, Organizations::single));
        for (String event : List.of("newCall", "hangup")) {
            handler.handleRequest(PrimingRequests.http("POST", "POST /api/v1/cti/{token}", "/api/v1/cti/priming",
                    Map.of("content-type", "application/x-www-form-urlencoded"),
                    Map.of("token", PrimingRequests.TOKEN), "event=" + event + "&callId=snapstart-priming"
                            + "&direction=in&from=0&to=0&user%5B%5D=priming&cause=cancel"), null);
        }
        // the JSON body path too (PBXs send either): its parser and the call sites it links are in the snapshot
        for (String event : List.of("newCall", "hangup")) {
            handler.handleRequest(PrimingRequests.http("POST", "POST /api/v1/cti/{token}", "/api/v1/cti/priming",
                    Map.of("content-type", "application/json"), Map.of("token", PrimingRequests.TOKEN),
                    "{\"event\":\"" + event + "\",\"callId\":\"snapstart-priming\",\"direction\":\"in\","
                            + "\"from\":\"0\",\"to\":\"0\",\"user\":[\"priming\"],\"cause\":\"cancel\"}"),
                    null);
        }
        primeSettings(DynamoConfigStore.liveConfig(AwsClients.dynamoDb(env, http), env), env);
        return http.operations();
    }

    @Override
    protected Accepted translate(ApiRequest request, Fields fields, String source, Instant receivedAt) {
        CallEvent event = CtiEvents.translate(fields, source, receivedAt);
        if (event.type() != EventType.NEW_CALL) {
            return Accepted.ok(event);
        }
        Invocation.put("callId", event.callId());
        return routing.answer(event);
    }
}
