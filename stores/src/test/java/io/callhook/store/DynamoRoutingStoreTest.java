// DynamoRoutingStore against the DynamoDB engine over HTTP, with the template's RoutingTable.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.routing.RoutingRules;
import io.callhook.testing.LocalDynamo;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoRoutingStoreTest {

    static DynamoRoutingStore store;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        store = new DynamoRoutingStore(local.client(), local.createTables().get("RoutingTable"));
    }

    @Test
    void anIntegrationWithoutRulesHasNone() {
        assertEquals(RoutingRules.none("nobody"), store.rules("nobody", true));
        assertEquals(RoutingRules.none("nobody"), store.rules("nobody", false));
    }

    @Test
    void blockListEntriesAreSetReplacedAndRemovedIdempotently() {
        store.block("pbx-a", "493023125741", "spam caller");
        store.block("pbx-a", "4990*", "");
        store.block("pbx-a", "4990*", "premium-rate numbers");
        store.block("pbx-a", "4990*", "premium-rate numbers");
        assertEquals(Map.of("493023125741", "spam caller", "4990*", "premium-rate numbers"),
                store.rules("pbx-a", true).blocked());

        assertTrue(store.unblock("pbx-a", "493023125741"));
        assertFalse(store.unblock("pbx-a", "493023125741"), "gone already: nothing to remove");
        assertEquals(Map.of("4990*", "premium-rate numbers"), store.rules("pbx-a", false).blocked());
        assertEquals(Map.of(), store.rules("pbx-b", true).blocked(), "another integration's rules are its own");
    }

    @Test
    void callerIdRulesAndTheDefaultLiveBesideTheBlockList() {
        store.block("pbx-c", "anonymous", "withheld");
        store.setCallerId("pbx-c", "4930", "+4930555100");
        store.setCallerId("pbx-c", "49", "+4930555000");
        store.setDefaultCallerId("pbx-c", "+4930555999");
        RoutingRules rules = store.rules("pbx-c", true);
        assertEquals(new RoutingRules("pbx-c", Map.of("anonymous", "withheld"),
                Map.of("4930", "+4930555100", "49", "+4930555000"), "+4930555999"), rules);

        assertTrue(store.removeCallerId("pbx-c", "49"));
        assertFalse(store.removeCallerId("pbx-c", "49"));
        store.setDefaultCallerId("pbx-c", null);
        store.setDefaultCallerId("pbx-c", null);
        RoutingRules after = store.rules("pbx-c", true);
        assertEquals(Map.of("4930", "+4930555100"), after.callerIds());
        assertNull(after.defaultCallerId());
        assertEquals(Map.of("anonymous", "withheld"), after.blocked());
    }
}
