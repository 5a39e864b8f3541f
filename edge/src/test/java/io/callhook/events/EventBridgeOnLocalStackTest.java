// The real publisher against LocalStack's EventBridge in Docker (Testcontainers); skipped, and reported as
// skipped, where no Docker engine runs (EventBridgeOnMotoTest runs the same check on moto_server there).
package io.callhook.events;

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
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.9.2")).withServices("events", "sqs");

    @Test
    void theDefaultBusReceivesTheSignedPutEventsWithItsSourceTypeAndDetail() throws Exception {
        new EventBridgeCheck(LOCALSTACK.getEndpoint(), LOCALSTACK.getRegion())
                .theDefaultBusReceivesWhatThePublisherSends();
    }
}
