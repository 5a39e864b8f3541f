// The real publisher against LocalStack's EventBridge in Docker (Testcontainers); skipped, and reported as
// skipped, where no Docker engine runs.
package io.callhook.events;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.callhook.config.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

@Testcontainers(disabledWithoutDocker = true)
class EventBridgeOnLocalStackTest {

    /** Pinned: newer LocalStack images need an auth token and exit without one. */
    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.9.2")).withServices("events");

    static EventPublisher publisher(String bus) {
        return EventBridgePublisher.fromEnvironment(Environment.of(Map.of(
                "AWS_ENDPOINT_URL_EVENTBRIDGE", LOCALSTACK.getEndpoint().toString(),
                "AWS_REGION", LOCALSTACK.getRegion(), "EVENT_BUS_NAME", bus)));
    }

    @Test
    void eventBridgeAcceptsTheSignedPutEventsOnTheDefaultBus() {
        assertDoesNotThrow(() -> publisher("default").publish("MissedCall", Map.of("callId", "c-1", "line", "x")));
    }
}
