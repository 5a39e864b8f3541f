// EventBridgePublisher through the real EventBridge SDK client over HTTP to an in-test PutEvents endpoint.
package io.callhook.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.config.Environment;
import io.callhook.json.Json;
import io.callhook.testing.LocalEventBridge;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventBridgePublisherTest {

    static LocalEventBridge bridge;
    static EventBridgePublisher publisher;

    @BeforeAll
    static void start() {
        bridge = LocalEventBridge.start();
        Map<String, String> env = new HashMap<>(bridge.clientEnvironment());
        env.put(EventBridgePublisher.BUS_VARIABLE, "default");
        publisher = EventBridgePublisher.fromEnvironment(Environment.of(env));
    }

    @AfterAll
    static void stop() {
        bridge.close();
    }

    @BeforeEach
    void clear() {
        bridge.clear();
        bridge.refuseEntries(false);
    }

    @Test
    void oneEventIsOnePutEventsEntryWithSourceDetailTypeBusAndJsonDetail() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("data", Map.of("notificationType", "AttachedDataChanged",
                "call", Map.of("id", "c1", "userData", Map.of("DispositionCode", "Referred"))));
        detail.put("channel", "/v2/me/calls");

        publisher.publish("CallStateChangeMessage", detail);

        assertEquals(List.of("AWSEvents.PutEvents"), bridge.targets());
        List<Map<String, Object>> entries = bridge.entries();
        assertEquals(1, entries.size());
        Map<String, Object> entry = entries.get(0);
        assertEquals("callhook", entry.get("Source"));
        assertEquals("CallStateChangeMessage", entry.get("DetailType"));
        assertEquals("default", entry.get("EventBusName"));
        assertEquals(detail, Json.parseObject(String.valueOf(entry.get("Detail"))));
    }

    @Test
    void aRefusedEntryIsAnExceptionNamingTheErrorCode() {
        bridge.refuseEntries(true);
        EventPublisher.EventPublishException refused = assertThrows(EventPublisher.EventPublishException.class,
                () -> publisher.publish("CallStateChangeMessage", Map.of("secret", "do-not-echo")));
        assertTrue(refused.getMessage().contains("InternalFailure"), refused.getMessage());
        assertFalse(refused.getMessage().contains("do-not-echo"));
        assertTrue(bridge.entries().isEmpty());
    }
}
