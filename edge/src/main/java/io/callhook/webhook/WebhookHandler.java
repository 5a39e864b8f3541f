package io.callhook.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.Organizations;
import io.callhook.config.Setting;
import io.callhook.config.UnmappedIntegrationException;
import io.callhook.http.ApiHandler;
import io.callhook.http.ApiRequest;
import io.callhook.http.Fields;
import io.callhook.http.HttpError;
import io.callhook.http.RequestBodies;
import io.callhook.http.Responses;
import io.callhook.log.Invocation;
import io.callhook.log.Log;
import io.callhook.metrics.Metrics;
import io.callhook.store.CallStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every provider's webhook does: check the {@code {token}} path parameter against the configured hashes,
 * read the body, let the provider's adapter translate it into canonical events (usually one; a callback may also
 * tell something about another call, such as a dial leg's answer about its parent), and merge each into its call's
 * record, in order. A refused request writes nothing; a storage failure answers 503 so the provider retries (every
 * write is idempotent, so events already stored by the failed attempt are stored again unchanged). Only an event
 * the record has no room for (DynamoDB's item size limit) is 422; any other storage refusal is a defect: 500,
 * logged at ERROR with its stack trace. An integration that belongs to no organization
 * ({@link UnmappedIntegrationException}) is refused with 500 and logged at ERROR before anything is written.
 */
public abstract class WebhookHandler extends ApiHandler {

    /**
     * Comma-separated {@code name:sha256-hex} entries; the name (an integration: 1 to 64 letters, digits, {@code .},
     * {@code _}, {@code -}) becomes the calls' {@code source}.
     */
    public static final String TOKEN_HASHES_VARIABLE = "WEBHOOK_TOKEN_HASHES";

    private final Supplier<TokenHashes> tokens;
    private final CallStore store;

    protected WebhookHandler(TokenHashes tokens, CallStore store) {
        this(() -> tokens, store);
    }

    /** @param tokens the webhook tokens as they are now, asked at each request (configuration that may change) */
    protected WebhookHandler(Supplier<TokenHashes> tokens, CallStore store) {
        this.tokens = tokens;
        this.store = store;
    }

    /**
     * The webhook tokens as they are now: {@code WebhookTokenHashes} (the environment's seed) merged with the config
     * table's entries ({@link LiveConfig}); read at the first request, never during priming.
     */
    protected static Supplier<TokenHashes> tokens(LiveConfig config) {
        return config.parsed(Setting.WEBHOOK_TOKEN_HASHES, value -> TokenHashes.parse(TOKEN_HASHES_VARIABLE, value));
    }

    /**
     * SnapStart priming of the settings' read path: the webhook tokens and the organizations read once through
     * {@code config}, whose AWS client must answer itself (an empty item), so the config classes and the GetItem
     * path are loaded while no table entry enters the snapshot.
     */
    public static void primeSettings(LiveConfig config, Environment env) {
        tokens(config).get();
        Organizations.live(config, env).get();
    }

    /** The provider's translation of one request; it throws {@link HttpError} (422) for events it refuses. */
    protected abstract Accepted translate(ApiRequest request, Fields fields, String source, Instant receivedAt);

    /**
     * Checks what the provider proves beyond the path token (a signature, HTTP Basic credentials) for the
     * integration {@code source}, before the body is read; throws {@link HttpError} (401 or 403) to refuse. By
     * default there is nothing more to check.
     */
    protected void verify(ApiRequest request, String source) {
    }

    /** The request's fields; providers that also take GET callbacks read the query string instead. */
    protected Fields fieldsOf(ApiRequest request) {
        return RequestBodies.parse(request);
    }

    @Override
    protected final APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String token = request.pathParameter("token");
        if (token == null || token.isEmpty()) {
            throw HttpError.unauthorized("unknown or missing webhook token");
        }
        // The tokens may come from the config table: with it unreadable and no earlier copy, 503 (retry).
        String source = tokens.get().nameOf(token)
                .orElseThrow(() -> HttpError.unauthorized("unknown or missing webhook token"));
        verify(request, source);
        Fields fields = fieldsOf(request);
        Invocation.put("source", source);
        Accepted accepted = translate(request, fields, source, request.receivedAt());
        Invocation.put("callId", accepted.events().get(0).callId());
        for (CallEvent event : accepted.events()) {
            apply(event, source, request.requestId());
        }
        return accepted.response();
    }

    private void apply(CallEvent event, String source, String requestId) {
        // Failures (an unmapped integration, a full record, storage) are answered by ApiHandler through Failures.
        store.apply(event);
        Metrics.count(Metrics.EVENTS_ACCEPTED, "Provider", provider(), "EventType", event.type().wire());
        Log.info("call event applied", "source", source, "callId", event.callId(), "event", event.type().wire(),
                "requestId", requestId);
    }

    /** A webhook writes call records: a full one cannot take the event, whoever sends it again. */
    @Override
    protected String recordTooLarge() {
        return "the call record cannot take this event: it would exceed the storage limit for one call";
    }

    /** The provider's name for metrics: the handler's class name without {@code WebhookHandler}, lower case. */
    private String provider() {
        return getClass().getSimpleName().replace("WebhookHandler", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** The events to store, in order (at least one), and the answer the provider expects once they are stored. */
    public record Accepted(List<CallEvent> events, APIGatewayV2HTTPResponse response) {

        public Accepted {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("a request is accepted with at least one event");
            }
        }

        /** One event and its answer. */
        public Accepted(CallEvent event, APIGatewayV2HTTPResponse response) {
            this(List.of(event), response);
        }

        /** The generic answer: {@code 200 {}}. */
        public static Accepted ok(CallEvent event) {
            return new Accepted(event, Responses.json(200, Map.of()));
        }
    }
}
