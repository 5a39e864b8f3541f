package io.callhook.bandwidth;

import io.callhook.auth.TokenHashes;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.SnapStartPriming;
import io.callhook.http.ApiRequest;
import io.callhook.http.Fields;
import io.callhook.http.Responses;
import io.callhook.store.CallStore;
import io.callhook.store.DynamoCallStore;
import io.callhook.webhook.WebhookHandler;
import java.time.Instant;

/**
 * {@code POST} and {@code GET /api/v1/bandwidth/{token}}: Bandwidth call events from Catapult (v1) and the Voice API
 * (v2), told apart by their fields. A POST carries the event as its body; a GET (v1 applications with
 * {@code callbackHttpMethod=GET}, v2 BXML callbacks with a {@code ...Method} of GET) as query parameters.
 *
 * <p>The token in the path authenticates the request; Bandwidth's HTTP Basic credentials are not used. Once the
 * event is stored, a v1 callback gets {@code 200 {}}; a v2 callback gets an empty BXML document, which is what
 * {@code initiate} and the other BXML-requesting callbacks expect and what status callbacks ignore.
 */
public final class BandwidthWebhookHandler extends WebhookHandler {

    /** The answer to a Voice API callback: valid BXML with no verbs. */
    public static final String EMPTY_BXML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    /** Lambda's constructor: configuration from the environment, clients built once per container. */
    public BandwidthWebhookHandler() {
        this(Environment.system());
    }

    public BandwidthWebhookHandler(Environment env) {
        this(TokenHashes.parse(env.require(TOKEN_HASHES_VARIABLE)),
                DynamoCallStore.fromEnvironment(AwsClients.dynamoDb(env), env));
        SnapStartPriming.register(() -> Priming.primeRequestPath(env));
    }

    public BandwidthWebhookHandler(TokenHashes tokens, CallStore store) {
        super(tokens, store);
    }

    @Override
    protected Fields fieldsOf(ApiRequest request) {
        if (request.method().equals("GET")) {
            return BandwidthEvents.fromQuery(request.query());
        }
        return super.fieldsOf(request);
    }

    @Override
    protected Accepted translate(ApiRequest request, Fields fields, String source, Instant receivedAt) {
        BandwidthEvents.Translated translated = BandwidthEvents.translate(fields, source, receivedAt);
        return switch (translated.api()) {
            case CATAPULT_V1 -> Accepted.ok(translated.event());
            case VOICE_V2 -> new Accepted(translated.event(), Responses.of(200, "application/xml", EMPTY_BXML));
        };
    }
}
