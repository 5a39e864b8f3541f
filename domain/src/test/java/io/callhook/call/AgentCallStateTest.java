// The agent call state model: pure derivation from provider facts and agent actions, row by row of its table.
package io.callhook.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentCallStateTest {

    static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    static CallRecord call(Instant ringing, Instant answered, String answeredBy, Instant ended, Cause cause,
                           String queue, Set<String> next) {
        return new CallRecord("c", "pbx", Set.of(), Direction.IN, "+1", "+2", queue, Set.of(), answeredBy, T,
                ringing, answered, ended, null, cause, null, next, Map.of(), null, null, "1", false, false);
    }

    static AgentActions actions(String assignedTo, boolean held, Instant parkedAt, String bLeg, Instant hungUpAt) {
        return new AgentActions(assignedTo, assignedTo == null ? null : T, held, parkedAt, null, bLeg,
                bLeg == null ? null : T, hungUpAt, hungUpAt == null ? null : assignedTo, Map.of(), Map.of());
    }

    static AgentCallState state(CallRecord call, AgentActions actions) {
        return AgentCallState.of(call, actions);
    }

    @Test
    void providerFactsAlone() {
        assertEquals(AgentCallState.CREATED, state(call(null, null, null, null, null, null, Set.of()),
                AgentActions.NONE));
        assertEquals(AgentCallState.RINGING, state(call(T, null, null, null, null, null, Set.of()),
                AgentActions.NONE));
        assertEquals(AgentCallState.QUEUED, state(call(T, null, null, null, null, "support", Set.of()),
                AgentActions.NONE));
        assertEquals(AgentCallState.QUEUED, state(call(T, T, null, null, null, null, Set.of()), AgentActions.NONE),
                "answered by the PBX, no agent named");
        assertEquals(AgentCallState.SPEAKING, state(call(T, T, "+4930111", null, null, "support", Set.of()),
                AgentActions.NONE));
        assertEquals(AgentCallState.HUNGUP, state(call(T, T, "+4930111", T, Cause.NORMAL, null, Set.of()),
                AgentActions.NONE));
        assertEquals(AgentCallState.TRANSFERRING, state(call(T, null, null, T, Cause.FORWARDED, null, Set.of()),
                AgentActions.NONE));
        assertEquals(AgentCallState.TRANSFERRED, state(call(T, null, null, T, Cause.FORWARDED, null,
                Set.of("next")), AgentActions.NONE));
    }

    @Test
    void agentActionsOnALiveCall() {
        CallRecord ringing = call(T, null, null, null, null, "support", Set.of());
        assertEquals(AgentCallState.SPEAKING, state(ringing, actions("a1", false, null, null, null)));
        assertEquals(AgentCallState.PARKED, state(ringing, actions("a1", true, T, null, null)));
        assertEquals(AgentCallState.UNPARKED, state(ringing, actions("a1", false, T, null, null)));
        assertEquals(AgentCallState.TRANSFERRED, state(ringing, actions("a1", false, null, "other", null)));
        assertEquals(AgentCallState.HUNGUP, state(ringing, actions("a1", false, null, null, T)));
        assertEquals(AgentCallState.HUNGUP, state(ringing, actions("a1", true, T, null, T)),
                "a hangup ends a parked call");
    }

    @Test
    void theProviderEndingACallWinsOverWhatAgentsDid() {
        CallRecord ended = call(T, T, "+4930111", T, Cause.NORMAL, null, Set.of());
        assertEquals(AgentCallState.HUNGUP, state(ended, actions("a1", true, T, null, null)));
        assertEquals(AgentCallState.HUNGUP, state(ended, actions("a1", false, null, "other", null)),
                "a bridged call that then ended is hung up");
    }

    @Test
    void everyStateIsInAtMostOneClass() {
        for (AgentCallState state : AgentCallState.values()) {
            int classes = (state.isFinished() ? 1 : 0) + (state.isTalking() ? 1 : 0) + (state.isWaiting() ? 1 : 0);
            assertTrue(classes <= 1, state + " is in more than one class");
        }
        assertEquals(Set.of(AgentCallState.SPEAKING, AgentCallState.UNPARKED), Set.copyOf(
                Arrays.stream(AgentCallState.values()).filter(AgentCallState::isTalking).toList()));
        assertFalse(AgentCallState.PARKED.isTalking());
    }
}
