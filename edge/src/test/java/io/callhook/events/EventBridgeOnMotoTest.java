// The real publisher against moto's EventBridge and SQS (moto_server, Apache-2.0, started by the test on a free
// loopback port): the Docker-free stand-in for EventBridgeOnLocalStackTest. Skipped, and reported as skipped,
// where moto_server is not installed.
package io.callhook.events;

import io.callhook.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventBridgeOnMotoTest {

    private static MotoServer moto;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(MotoServer.installed(),
                "SKIPPED: no moto_server on the PATH (pip install 'moto[server]') to run the EventBridge publisher "
                        + "against an emulator without Docker");
        moto = MotoServer.start();
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theDefaultBusReceivesTheSignedPutEventsWithItsSourceTypeAndDetail() throws Exception {
        new EventBridgeCheck(moto.endpoint(), "us-east-1").theDefaultBusReceivesWhatThePublisherSends();
    }
}
