// The priming the Lambda constructor registers, run as SnapStart would, with the project's engine beside it: the
// marker's UpdateItem reaches callhook's AWS client (marshalled and signed) and no request reaches any table.
package io.callhook.logmarker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.testing.PrimingRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void primingRaisesAMadeUpOrganizationsMarkerOnTheWireAndTouchesNoTable() {
        PrimingRun run = PrimingRun.of("CallLogMarkerFunction", Map.of(), CallLogMarkerHandler::new);
        assertEquals(List.of("DynamoDB_20120810.UpdateItem"), run.operations());
        assertEquals(0, run.engineRequests());
        assertEquals(run.itemsBefore(), run.itemsAfter());
        assertEquals(0, run.metricLines(), "priming is not traffic");
    }
}
