// The real publisher (the SDK's EventBridgeClient over its URLConnection client) against a loopback endpoint.
package io.callhook.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.config.Environment;
import io.callhook.testing.LocalEventBus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBridgePublisherTest {

    @Test
    void publishesOneSignedPutEventsEntryWithTheDetailAsJson() {
        try (LocalEventBus bus = new LocalEventBus()) {
            EventPublisher publisher = EventBridgePublisher.fromEnvironment(Environment.of(Map.of(
                    "AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint(), "AWS_REGION", "eu-central-1",
                    "EVENT_BUS_NAME", "calls")));
            publisher.publish("MissedCall", Map.of("callId", "c-1", "waitingSeconds", 12, "users", List.of("a")));
            assertEquals(List.of(new LocalEventBus.Entry("callhook", "MissedCall",
                    Map.of("callId", "c-1", "waitingSeconds", 12, "users", List.of("a")), "calls")), bus.entries());
        }
    }

    @Test
    void aRefusingBusIsAnExceptionSoTheCallerRetries() {
        try (LocalEventBus bus = new LocalEventBus()) {
            bus.failing(true);
            EventPublisher publisher = EventBridgePublisher.fromEnvironment(Environment.of(Map.of(
                    "AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint())));
            assertThrows(EventPublisher.EventPublishException.class,
                    () -> publisher.publish("MissedCall", Map.of("callId", "x")));
            assertEquals(List.of(), bus.entries());
        }
    }

    @Test
    void aRefusedEntryIsAnExceptionToo() {
        try (LocalEventBus bus = new LocalEventBus()) {
            bus.refusing(true);
            EventPublisher publisher = EventBridgePublisher.fromEnvironment(Environment.of(bus.clientEnvironment()));
            assertThrows(EventPublisher.EventPublishException.class,
                    () -> publisher.publish("MissedCall", Map.of("callId", "x")));
            assertEquals(List.of(), bus.entries());
        }
    }

    @Test
    void anEntryRefusedWhileOthersAreKeptIsAnExceptionForThatEventOnly() {
        try (LocalEventBus bus = new LocalEventBus()) {
            bus.refuseEntries(e -> "refused".equals(e.detail().get("callId")));
            EventPublisher publisher = EventBridgePublisher.fromEnvironment(Environment.of(bus.clientEnvironment()));
            publisher.publish("MissedCall", Map.of("callId", "kept"));
            EventPublisher.EventPublishException refused = assertThrows(EventPublisher.EventPublishException.class,
                    () -> publisher.publish("MissedCall", Map.of("callId", "refused")));
            assertTrue(refused.getMessage().contains("InternalFailure"), refused.getMessage());
            assertEquals(List.of("kept"), bus.entries().stream().map(e -> e.detail().get("callId")).toList());
        }
    }
}
