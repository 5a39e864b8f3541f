// Unit test (no I/O): each protocol's names for the canonical agent call states, and the SnapStart priming path.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.AgentCallState;
import io.callhook.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallViewsTest {

    @Test
    void everyStateHasItsProtocolNames() {
        for (AgentCallState state : AgentCallState.values()) {
            assertEquals(state.name().toLowerCase(Locale.ROOT), CallViews.openReceptionState(state));
            String genesys = CallViews.genesysState(state);
            assertTrue(Set.of("Ringing", "Established", "Held", "Released").contains(genesys), genesys);
            assertEquals(state.isFinished(), genesys.equals("Released"), state.toString());
            assertEquals(state.isTalking(), genesys.equals("Established"), state.toString());
        }
        assertEquals("Held", CallViews.genesysState(AgentCallState.PARKED));
    }

    @Test
    void primingReadsTheSampleItemThroughTheStateModelAndRendersBothProtocols() {
        List<String> primed = AgentApiPriming.prime();
        assertEquals(2, primed.size());
        Map<String, Object> openReception = Json.parseObject(primed.get(0));
        assertEquals("priming:snapstart-priming", openReception.get("id"));
        assertEquals("speaking", openReception.get("state"), "assigned to an agent, not ended");
        assertEquals("priming", openReception.get("assigned_to"));
        assertEquals(true, openReception.get("inbound"));
        assertEquals("0", openReception.get("arrival_time"));
        Map<String, Object> genesys = Json.parseObject(primed.get(1));
        assertEquals("Established", genesys.get("state"));
        assertEquals(Map.of("k", "v"), genesys.get("userData"));
        assertEquals("/api/v2/me/calls/priming:snapstart-priming", genesys.get("uri"));
    }
}
