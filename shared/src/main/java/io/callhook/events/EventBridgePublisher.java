package io.callhook.events;

import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.events.EventPublisher.EventPublishException;
import io.callhook.json.Json;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes to an EventBridge bus with the SDK's {@link EventBridgeClient} ({@code PutEvents}, one entry per
 * event). A failed call (after the SDK's standard retries) or an entry the bus refuses ({@code FailedEntryCount} >
 * 0) is an {@link EventPublishException}, never a silent loss, so the caller retries: the stream function reports
 * the record as a batch item failure, the agent API answers 503.
 *
 * <p>{@code AWS_ENDPOINT_URL_EVENTBRIDGE} points it at the local stack or a test's endpoint.
 */
public final class EventBridgePublisher implements EventPublisher {

    public static final String SOURCE = "callhook";
    public static final String BUS_VARIABLE = "EVENT_BUS_NAME";
    public static final String ENDPOINT_VARIABLE = AwsClients.EVENTBRIDGE_ENDPOINT;

    private final EventBridgeClient client;
    private final String bus;

    public EventBridgePublisher(EventBridgeClient client, String bus) {
        this.client = client;
        this.bus = bus;
    }

    public static EventBridgePublisher fromEnvironment(Environment env) {
        return new EventBridgePublisher(client(env), env.optional(BUS_VARIABLE, "default"));
    }

    /**
     * The client, built like {@link AwsClients#dynamoDb}: the URLConnection HTTP client, the region from
     * {@code AWS_REGION}, the standard retry mode (3 attempts, jittered backoff: a failing bus costs the stream
     * function or the agent seconds, not the function's timeout), local credentials for a local endpoint. It lives
     * here, not in {@link AwsClients}, so functions that do not publish never link the optional EventBridge module.
     */
    public static EventBridgeClient client(Environment env) {
        return client(env, null);
    }

    /** The same client on {@code http} (SnapStart priming's stub client); null: URLConnection. */
    public static EventBridgeClient client(Environment env, SdkHttpClient http) {
        EventBridgeClientBuilder builder = EventBridgeClient.builder();
        if (http == null) {
            builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        } else {
            builder.httpClient(http);
        }
        builder.region(AwsClients.region(env))
                .credentialsProvider(AwsClients.credentials(env, ENDPOINT_VARIABLE))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build());
        AwsClients.endpoint(env, ENDPOINT_VARIABLE).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public void publish(String detailType, Map<String, Object> detail) {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .source(SOURCE)
                .detailType(detailType)
                .detail(Json.write(detail))
                .eventBusName(bus)
                .build();
        PutEventsResponse response;
        try {
            response = client.putEvents(r -> r.entries(entry));
        } catch (SdkException e) {
            throw new EventPublishException("EventBridge did not take a " + detailType + " event ("
                    + (e.retryable() ? "retryable" : "not retryable") + ")", e);
        }
        Integer failed = response.failedEntryCount();
        if (failed != null && failed > 0) {
            String code = response.entries().stream().map(PutEventsResultEntry::errorCode)
                    .filter(c -> c != null).findFirst().orElse("unknown");
            throw new EventPublishException("EventBridge refused a " + detailType + " event: " + code);
        }
    }
}
