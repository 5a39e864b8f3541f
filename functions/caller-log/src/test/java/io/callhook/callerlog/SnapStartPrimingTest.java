// The priming the Lambda constructor registers, run as SnapStart would, with the project's engine beside it: the
// real request path reaches callhook's AWS client (requests marshalled and signed) and no request reaches any table.
package io.callhook.callerlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.testing.PrimingRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void primingRunsTheRequestPathAndTouchesNoTable() {
        PrimingRun run = PrimingRun.of("CallerLogFunction", Map.of(), env -> new CallerLogHandler(env));
        assertEquals(List.of("DynamoDB_20120810.Query"), run.operations());
        assertEquals(0, run.engineRequests());
        assertEquals(run.itemsBefore(), run.itemsAfter());
    }
}
