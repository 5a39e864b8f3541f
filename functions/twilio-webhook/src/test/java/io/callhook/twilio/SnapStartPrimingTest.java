// The priming the Lambda constructor registers, run as SnapStart would, with the project's engine beside it: the
// real request path (signature check included) reaches callhook's AWS client and no request reaches any table.
package io.callhook.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.auth.TokenHashes;
import io.callhook.testing.PrimingRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void primingRunsTheRequestPathAndTouchesNoTable() {
        PrimingRun run = PrimingRun.of("TwilioWebhookFunction",
                Map.of("WEBHOOK_TOKEN_HASHES", "local:" + TokenHashes.hashOf("t"),
                        "INTEGRATION_ORGANIZATIONS", "local:org-a"), TwilioWebhookHandler::new);
        assertEquals(List.of("DynamoDB_20120810.GetItem", "DynamoDB_20120810.UpdateItem",
                "DynamoDB_20120810.GetItem", "DynamoDB_20120810.GetItem"), run.operations(),
                "the signed priming callback passed the signature check and reached the store (its shard counts"
                        + " read first)");
        assertEquals(0, run.engineRequests());
        assertEquals(run.itemsBefore(), run.itemsAfter());
    }
}
