// The priming the Lambda constructor registers, run as SnapStart would, with the project's engine beside it: the
// real request path reaches callhook's AWS client (the routing GetItem and the UpdateItems of form-encoded and JSON
// bodies marshalled and signed),
// TLS is initialised by handshakes with the priming's own loopback endpoint, and no request reaches any table.
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.auth.TokenHashes;
import io.callhook.testing.PrimingRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void primingRunsTheRequestPathAndTouchesNoTable() {
        PrimingRun run = PrimingRun.of("CtiWebhookFunction",
                Map.of("WEBHOOK_TOKEN_HASHES", "local:" + TokenHashes.hashOf("t"),
                        "INTEGRATION_ORGANIZATIONS", "local:org-a"), CtiWebhookHandler::new);
        assertEquals(List.of("DynamoDB_20120810.GetItem", "DynamoDB_20120810.GetItem", "DynamoDB_20120810.UpdateItem",
                "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.UpdateItem",
                "DynamoDB_20120810.GetItem", "DynamoDB_20120810.GetItem"),
                run.operations(), "the routing rules, the shard counts, the two form-encoded writes, the two JSON"
                        + " writes, then the two settings' read path");
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), run.handshakes().stream().map(h -> h.protocol()).toList());
        assertEquals(0, run.engineRequests());
        assertEquals(run.itemsBefore(), run.itemsAfter());
    }
}
