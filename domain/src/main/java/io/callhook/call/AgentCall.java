package io.callhook.call;

/**
 * One call as agents see it: the provider's facts and what agents did to it, read together from the same record.
 * A call with no record has a {@link CallRecord#callId()} of {@code null} and no facts at all.
 */
public record AgentCall(CallRecord call, AgentActions actions) {

    /** Whether the call has a record. */
    public boolean exists() {
        return call.callId() != null;
    }

    /** The state every agent API shows, derived from the facts and the actions. */
    public AgentCallState state() {
        return AgentCallState.of(call, actions);
    }
}
