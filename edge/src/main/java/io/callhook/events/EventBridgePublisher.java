package io.callhook.events;

import io.callhook.aws.AwsException;
import io.callhook.aws.AwsJsonClient;
import io.callhook.aws.Endpoints;
import io.callhook.aws.HttpTransport;
import io.callhook.aws.Retries;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.eventbridge.PutEvents;
import io.callhook.json.Json;
import java.io.IOException;
import java.util.Map;

/**
 * Publishes to an EventBridge bus with {@code PutEvents} (one entry per event), in EventBridge's JSON protocol
 * through an {@link AwsJsonClient}: the SDK's signer and the SDK's EventBridge client's retries
 * ({@link Retries#standard()}: 3 attempts, jittered backoff; within the invocation's deadline), without the SDK's
 * generated EventBridge client (docs/benchmarks.md has what that client cost). A failed call or an entry the bus
 * refuses ({@code FailedEntryCount} > 0) is an {@link EventPublishException}, never a silent loss, so the caller
 * retries: the stream function reports the record as a batch item failure, the agent API answers 503.
 *
 * The request and the answer's reading are aws-client's {@link PutEvents}.
 *
 * <p>{@code AWS_ENDPOINT_URL_EVENTBRIDGE} points it at the local stack or a test's endpoint.
 */
public final class EventBridgePublisher implements EventPublisher {

    public static final String SOURCE = "callhook";
    public static final String BUS_VARIABLE = "EVENT_BUS_NAME";
    public static final String ENDPOINT_VARIABLE = AwsClients.EVENTBRIDGE_ENDPOINT;

    private final AwsJsonClient client;
    private final String bus;

    public EventBridgePublisher(AwsJsonClient client, String bus) {
        this.client = client;
        this.bus = bus;
    }

    public static EventBridgePublisher fromEnvironment(Environment env) {
        return new EventBridgePublisher(client(env, AwsClients.transport(env)),
                env.optional(BUS_VARIABLE, "default"));
    }

    /** The client on {@code transport} (SnapStart priming's {@code PrimingHttpClient}, or the real one). */
    public static AwsJsonClient client(Environment env, HttpTransport transport) {
        return PutEvents.protocol()
                .endpoint(AwsClients.endpoint(env, Endpoints.Service.EVENTBRIDGE))
                .region(AwsClients.region(env))
                .credentials(AwsClients.credentials(env, Endpoints.Service.EVENTBRIDGE, transport))
                .transport(transport)
                .sleeper(AwsClients.sleeper(env))
                .build();
    }

    @Override
    public void publish(String detailType, Map<String, Object> detail) {
        byte[] answer;
        try {
            answer = client.call("PutEvents", request(detailType, Json.write(detail)));
        } catch (AwsException e) {
            throw new EventPublishException("EventBridge did not take a " + detailType + " event ("
                    + (e.retryable() ? "retryable" : "not retryable") + ")", e);
        }
        String refused = refusal(answer);
        if (refused != null) {
            throw new EventPublishException("EventBridge refused a " + detailType + " event: " + refused);
        }
    }

    private byte[] request(String detailType, String detail) {
        return PutEvents.request(SOURCE, detailType, detail, bus);
    }

    /** The first refused entry's error code when {@code FailedEntryCount} > 0 ("unknown" without one), else null. */
    private static String refusal(byte[] answer) {
        try {
            return PutEvents.refusal(answer);
        } catch (IOException e) {
            throw new EventPublishException("EventBridge's answer is not the JSON expected", e);
        }
    }
}
