package io.callhook.twilio;

import io.callhook.auth.NamedSecrets;
import io.callhook.auth.TokenHashes;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.config.SnapStartPriming;
import io.callhook.config.Voicemail;
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
 * {@code POST /api/v1/twilio/{token}}: Twilio Voice status callbacks, form-encoded. The path token names the
 * integration; the request must also carry Twilio's signature ({@code X-Twilio-Signature}) made with one of that
 * integration's auth tokens, or it is refused with 403 and nothing is written. Only bodies the signature covers
 * whole are read: form-encoded, or JSON with a matching {@code bodySHA256}; any other content type is 415.
 *
 * <p>A callback is the call's event, and for a {@code <Dial>} leg a person answered also its parent's answer
 * ({@link TwilioEvents}). Once the events are stored the answer is {@code 200} with the empty TwiML document:
 * status callbacks ignore the body, and a URL that does expect TwiML (a voice URL, a {@code <Dial action>}) is
 * given no instructions, so Twilio ends that call there. callhook is meant for status callbacks only.
 */
public final class TwilioWebhookHandler extends WebhookHandler {

    /** Comma-separated {@code integration:auth-token} entries (several per integration while rotating). */
    public static final String AUTH_TOKENS_VARIABLE = "TWILIO_AUTH_TOKENS";
    /** The scheme, host and base path Twilio calls, when the request's own host and path are not it. */
    public static final String PUBLIC_BASE_URL_VARIABLE = "PUBLIC_BASE_URL";
    /** The answer to every accepted callback: valid TwiML with no verbs. */
    public static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final TwilioRequests requests;
    private final String machineIdentity;

    /** Lambda's constructor: configuration from the environment, clients built once per container. */
    public TwilioWebhookHandler() {
        this(Environment.system());
    }

    public TwilioWebhookHandler(Environment env) {
        this(env, AwsClients.dynamoDb(env));
        SnapStartPriming.register(() -> TwilioPriming.primeRequestPath(env));
    }

    private TwilioWebhookHandler(Environment env, DynamoDbJsonClient dynamo) {
        this(env, dynamo, DynamoConfigStore.liveConfig(dynamo, env));
    }

    private TwilioWebhookHandler(Environment env, DynamoDbJsonClient dynamo, LiveConfig config) {
        this(tokens(config),
                new TwilioRequests(NamedSecrets.parse(AUTH_TOKENS_VARIABLE, env.optional(AUTH_TOKENS_VARIABLE, "")),
                        env.optional(PUBLIC_BASE_URL_VARIABLE, "")),
                Voicemail.primary(env), DynamoCallStore.live(dynamo, env, config));
    }

    TwilioWebhookHandler(TokenHashes tokens, TwilioRequests requests, String machineIdentity, CallStore store) {
        this(() -> tokens, requests, machineIdentity, store);
    }

    private TwilioWebhookHandler(Supplier<TokenHashes> tokens, TwilioRequests requests, String machineIdentity,
                                 CallStore store) {
        super(tokens, store);
        this.requests = requests;
        this.machineIdentity = machineIdentity;
    }

    @Override
    protected void verify(ApiRequest request, String source) {
        requests.verify(request, source);
    }

    @Override
    protected Accepted translate(ApiRequest request, Fields fields, String source, Instant receivedAt) {
        return new Accepted(TwilioEvents.translate(fields, source, receivedAt, machineIdentity),
                Responses.of(200, "text/xml", EMPTY_TWIML));
    }
}
