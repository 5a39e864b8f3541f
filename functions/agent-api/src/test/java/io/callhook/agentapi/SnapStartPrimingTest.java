// The priming each Lambda constructor of this module registers (agent API, admin API), run as SnapStart would, with
// the project's engine beside it: the real request path reaches callhook's AWS client (requests marshalled and
// signed, answered by the stub) and no request reaches any table.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.auth.TokenHashes;
import io.callhook.testing.PrimingRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void primingRunsTheRequestPathAndTouchesNoTable() {
        PrimingRun run = PrimingRun.of("AgentApiFunction", Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:9"),
                AgentApiHandler::new);
        assertEquals(List.of("DynamoDB_20120810.Query"), run.operations());
        assertEquals(0, run.engineRequests());
        assertEquals(run.itemsBefore(), run.itemsAfter());
    }

    /** The rules' GetItem and the block's UpdateItem are sent only when the priming token passes the admin check. */
    @Test
    void adminApiPrimingReadsAndWritesTheRulesPastTheAdminCheckAndTouchesNoTable() {
        PrimingRun run = PrimingRun.of("AdminApiFunction",
                Map.of(AdminApiHandler.ADMIN_TOKEN_HASH_VARIABLE, TokenHashes.hashOf("the deployed admin token")),
                AdminApiHandler::new);
        assertEquals(List.of("DynamoDB_20120810.GetItem", "DynamoDB_20120810.UpdateItem"), run.operations());
        assertEquals(0, run.engineRequests());
        assertEquals(run.itemsBefore(), run.itemsAfter());
    }

    /** The jobs function reads the (absent) job of its record; the sweep looks for active jobs. Neither writes. */
    @Test
    void erasurePrimingReadsAJobAndLooksForActiveOnesAndTouchesNoTable() {
        PrimingRun jobs = PrimingRun.of("ErasureJobsFunction", Map.of(), ErasureJobsHandler::new);
        assertEquals(List.of("DynamoDB_20120810.GetItem"), jobs.operations());
        assertEquals(0, jobs.engineRequests());
        assertEquals(jobs.itemsBefore(), jobs.itemsAfter());
        PrimingRun sweep = PrimingRun.of("ErasureSweepFunction", Map.of(), ErasureSweepHandler::new);
        assertEquals(List.of("DynamoDB_20120810.Query"), sweep.operations());
        assertEquals(0, sweep.engineRequests());
        assertEquals(sweep.itemsBefore(), sweep.itemsAfter());
    }
}
