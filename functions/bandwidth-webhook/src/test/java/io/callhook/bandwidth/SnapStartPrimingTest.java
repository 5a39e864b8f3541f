// The priming the Lambda constructor registers, run as SnapStart would, with the project's engine beside it: the
// real request path reaches callhook's AWS client (requests marshalled and signed) and no request reaches any table.
package io.callhook.bandwidth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.testing.PrimingRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void primingRunsTheRequestPathAndTouchesNoTable() {
        PrimingRun run = PrimingRun.of("BandwidthWebhookFunction",
                Map.of("WEBHOOK_TOKEN_HASHES", "local:" + io.callhook.auth.TokenHashes.hashOf("t"),
                        "INTEGRATION_ORGANIZATIONS", "local:org-a"),
                BandwidthWebhookHandler::new);
        assertEquals(List.of("DynamoDB_20120810.GetItem", "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.GetItem",
                "DynamoDB_20120810.GetItem", "DynamoDB_20120810.GetItem"), run.operations(),
                "the shard counts' read and the write, then the three settings' read path");
        assertEquals(0, run.engineRequests());
        assertEquals(run.itemsBefore(), run.itemsAfter());
    }
}
