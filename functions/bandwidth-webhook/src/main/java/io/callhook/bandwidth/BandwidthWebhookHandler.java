package io.callhook.bandwidth;

import io.callhook.auth.TokenHashes;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.Setting;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.config.SnapStartPriming;
import io.callhook.http.ApiRequest;
import io.callhook.http.Fields;
import io.callhook.http.Responses;
import io.callhook.store.CallStore;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.webhook.WebhookHandler;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@code POST} and {@code GET /api/v1/bandwidth/{token}}: Bandwidth call events from Catapult (v1) and the Voice API
 * (v2), told apart by their fields. A POST carries the event as its body; a GET (v1 applications with
 * {@code callbackHttpMethod=GET}, v2 BXML callbacks with a {@code ...Method} of GET) as query parameters.
 *
 * <p>The token in the path names the integration; an integration with callback credentials configured must also
 * send them as HTTP Basic ({@link BasicCredentials}, 401 otherwise). Once the
 * event is stored, a v1 callback gets {@code 200 {}}; a v2 callback gets an empty BXML document, which is what
 * {@code initiate} and the other BXML-requesting callbacks expect and what status callbacks ignore.
 */
public final class BandwidthWebhookHandler extends WebhookHandler {

    /** The answer to a Voice API callback: valid BXML with no verbs. */
    public static final String EMPTY_BXML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final BasicCredentials credentials;

    /** Lambda's constructor: configuration from the environment, clients built once per container. */
    public BandwidthWebhookHandler() {
        this(Environment.system());
    }

    public BandwidthWebhookHandler(Environment env) {
        this(env, AwsClients.dynamoDb(env));
        SnapStartPriming.register(() -> BandwidthPriming.primeRequestPath(env));
    }

    private BandwidthWebhookHandler(Environment env, DynamoDbJsonClient dynamo) {
        this(env, dynamo, DynamoConfigStore.liveConfig(dynamo, env));
    }

    private BandwidthWebhookHandler(Environment env, DynamoDbJsonClient dynamo, LiveConfig config) {
        this(tokens(config), config.parsed(Setting.BANDWIDTH_CREDENTIAL_HASHES,
                        value -> TokenHashes.parse(BasicCredentials.VARIABLE, value)),
                DynamoCallStore.live(dynamo, env, config));
    }

    public BandwidthWebhookHandler(TokenHashes tokens, CallStore store) {
        this(tokens, TokenHashes.parse(""), store);
    }

    /**
     * A handler that also asks the integrations listed in {@code credentialHashes} (SHA-256 of
     * {@code user:password}) for their HTTP Basic credentials.
     */
    public BandwidthWebhookHandler(TokenHashes tokens, TokenHashes credentialHashes, CallStore store) {
        this(() -> tokens, () -> credentialHashes, store);
    }

    private BandwidthWebhookHandler(Supplier<TokenHashes> tokens, Supplier<TokenHashes> credentialHashes,
                                    CallStore store) {
        super(tokens, store);
        this.credentials = new BasicCredentials(credentialHashes);
    }

    @Override
    protected void verify(ApiRequest request, String source) {
        credentials.verify(request, source);
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
