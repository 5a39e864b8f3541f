package io.callhook.cti;

import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.SnapStartPriming;
import io.callhook.http.ApiRequest;
import io.callhook.http.Fields;
import io.callhook.store.CallStore;
import io.callhook.store.DynamoCallStore;
import io.callhook.webhook.WebhookHandler;
import java.time.Instant;

/**
 * {@code POST /api/v1/cti/{token}}: generic CTI call events ({@code newCall}, {@code answer}, {@code hangup}) as
 * JSON, form or multipart bodies. Answers {@code 200 {}} once the event is stored.
 */
public final class CtiWebhookHandler extends WebhookHandler {

    /** Lambda's constructor: configuration from the environment, clients built once per container. */
    public CtiWebhookHandler() {
        this(Environment.system());
    }

    public CtiWebhookHandler(Environment env) {
        this(TokenHashes.parse(env.require(TOKEN_HASHES_VARIABLE)),
                DynamoCallStore.fromEnvironment(AwsClients.dynamoDb(env), env));
        SnapStartPriming.register(CtiWebhookHandler::prime);
    }

    public CtiWebhookHandler(TokenHashes tokens, CallStore store) {
        super(tokens, store);
    }

    /** SnapStart priming: translates a sample multipart-style hangup, touching no storage. */
    static CallEvent prime() {
        return CtiEvents.translate(Fields.builder()
                .add("event", "hangup").add("callId", "snapstart-priming").add("direction", "in")
                .add("from", "0").add("to", "0").add("user[]", "priming").add("cause", "cancel")
                .build(), "priming", Instant.EPOCH);
    }

    @Override
    protected Accepted translate(ApiRequest request, Fields fields, String source, Instant receivedAt) {
        return Accepted.ok(CtiEvents.translate(fields, source, receivedAt));
    }
}
