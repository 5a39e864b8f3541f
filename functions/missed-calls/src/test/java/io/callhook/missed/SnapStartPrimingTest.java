// The priming the Lambda constructor registers, run as SnapStart would, with the project's engine beside it: the
// real request path reaches callhook's AWS client (requests marshalled and signed) and no request reaches any table.
package io.callhook.missed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.testing.PrimingRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void primingRunsTheRequestPathAndTouchesNoTable() {
        PrimingRun run = PrimingRun.of("MissedCallsFunction",
                Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:9"),
                MissedCallsHandler::new);
        String transact = "DynamoDB_20120810.TransactWriteItems";
        String mark = "DynamoDB_20120810.UpdateItem";
        assertEquals(List.of(transact, mark, "AWSEvents.PutEvents",
                "DynamoDB_20120810.GetItem", transact, "DynamoDB_20120810.Query", transact,
                transact, mark, "AWSEvents.PutEvents", "DynamoDB_20120810.GetItem", transact), run.operations(),
                "a call listed (and the organization's change marker raised) and published, its worklist fact stored"
                + " and its line and number recomputed; then retracted (marker raised) and published, and its fact"
                + " replaced (an answered call from no usable number: none)");
        assertEquals(0, run.engineRequests());
        assertEquals(run.itemsBefore(), run.itemsAfter());
    }
}
