// The priming the Lambda constructor registers, run as SnapStart would, with the project's engine beside it: the
// scheduled run reaches the wire (the open-calls Query, the records' BatchGetItem and the inferred hangup's UpdateItem
// marshalled and signed, answered by the stub), no request reaches any table and no metric is written.
package io.callhook.stale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.testing.PrimingRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void primingRunsTheScheduledRunAndTouchesNoTable() {
        PrimingRun run = PrimingRun.of("StaleCallsFunction",
                Map.of("INTEGRATION_ORGANIZATIONS", "local:org-a"), StaleCallsHandler::new);
        // one query per state (ringing, answered), run in parallel: the stub answers each with its call's keys,
        // then the record's BatchGetItem with the call, which is closed (the call store reads its shard counts)
        assertEquals(List.of("DynamoDB_20120810.BatchGetItem", "DynamoDB_20120810.BatchGetItem",
                "DynamoDB_20120810.GetItem", "DynamoDB_20120810.Query", "DynamoDB_20120810.Query",
                "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.UpdateItem"),
                run.operations().stream().sorted().toList());
        assertEquals(0, run.engineRequests());
        assertEquals(run.itemsBefore(), run.itemsAfter());
        assertEquals(0, run.metricLines(), "priming closes a made-up call: it must not count as an inferred hangup");
    }
}
