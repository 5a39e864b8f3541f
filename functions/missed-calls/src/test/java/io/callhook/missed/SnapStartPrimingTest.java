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
        String get = "DynamoDB_20120810.GetItem";
        String put = "DynamoDB_20120810.PutItem";
        String query = "DynamoDB_20120810.Query";
        String update = "DynamoDB_20120810.UpdateItem";
        String mark = update;
        assertEquals(List.of(get, transact, mark, "AWSEvents.PutEvents",
                get, put, get, query, get, put, query, get, update, mark, put, "AWSEvents.PutEvents", update,
                transact, mark, "AWSEvents.PutEvents", get, put), run.operations(),
                "the organization's shard counts read (the priming image has no orgShard), a call listed (and the"
                + " organization's change marker raised) and published; its worklist fact applied in order (call"
                + " index read, fact, head read, newer-fact check, item read, head, newer-fact check, the worklist's"
                + " own shard counts, item, the worklist's change marker, call index), the item published and marked"
                + " announced; then retracted (marker raised) and published, and the call's version kept (an answered"
                + " call from no usable number has no fact; priming answers every read empty)");
        assertEquals(0, run.engineRequests());
        assertEquals(run.itemsBefore(), run.itemsAfter());
    }
}
