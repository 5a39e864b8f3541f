package io.callhook.events;

import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.json.Json;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes events to an EventBridge bus with {@code PutEvents}, one entry per event, source {@value #SOURCE}.
 * A refused entry is an {@link EventPublishException}; an SDK failure propagates as it is.
 */
public final class EventBridgePublisher implements EventPublisher {

    public static final String BUS_VARIABLE = "EVENT_BUS_NAME";
    public static final String SOURCE = "callhook";

    private final EventBridgeClient client;
    private final String busName;

    public EventBridgePublisher(EventBridgeClient client, String busName) {
        this.client = client;
        this.busName = busName;
    }

    /** A publisher to the bus named by {@value #BUS_VARIABLE}, with a client built by {@link AwsClients}. */
    public static EventBridgePublisher fromEnvironment(Environment env) {
        return new EventBridgePublisher(AwsClients.eventBridge(env), env.require(BUS_VARIABLE));
    }

    @Override
    public void publish(String detailType, Map<String, Object> detail) {
        PutEventsResponse response = client.putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(detailType)
                .detail(Json.write(detail))
                .build()));
        Integer failed = response.failedEntryCount();
        if (failed != null && failed > 0) {
            String code = response.entries().stream().map(PutEventsResultEntry::errorCode)
                    .filter(c -> c != null).findFirst().orElse("unknown");
            throw new EventPublishException("EventBridge refused the " + detailType + " event: " + code);
        }
    }
}
