package io.callhook.agent;

import io.callhook.call.AgentActions;
import io.callhook.call.AgentCall;
import io.callhook.call.AgentCallState;
import io.callhook.call.CallRecord;
import io.callhook.call.Direction;
import java.util.List;

/**
 * What a call must be for an agent operation to apply, decided on the call as agents see it ({@link AgentCall}).
 * The store writes each requirement into the write's condition, so ownership and state are enforced at the moment
 * of the write (never check-then-write); the same predicate here tells which requirement a refused write failed.
 *
 * <p>Ownership: a call is <em>mine</em> when an agent action assigned it to me, or when no agent acted on it yet and
 * the PBX named one of my {@link Agent#identities()} as its answerer (CTI {@code answeringNumber}). It is
 * <em>nobody's</em> when it has neither. The webhook never looks agents up, so this is where an answering number
 * becomes an agent.
 */
public enum Requirement {
    /** The call is known and belongs to my organization (another organization's call is as unknown). */
    EXISTS,
    /** Mine, or nobody's yet. */
    MINE_OR_NOBODYS,
    /** Mine. */
    MINE,
    /** Not ended, hung up by an agent, bridged or continued by another call ({@link AgentCallState#isFinished}). */
    NOT_FINISHED,
    /** The opposite of {@link #NOT_FINISHED}. */
    FINISHED,
    /** Not parked. */
    NOT_HELD,
    /** Parked. */
    HELD,
    /** Outbound. */
    OUTBOUND;

    /** Whether the call meets this requirement for {@code me}; a call with no record meets only the negative ones. */
    public boolean holds(AgentCall agentCall, Agent me) {
        CallRecord call = agentCall.call();
        AgentActions actions = agentCall.actions();
        return switch (this) {
            case EXISTS -> agentCall.exists() && me.organizationId() != null
                    && me.organizationId().equals(call.organizationId());
            case MINE -> me.id().equals(actions.assignedTo())
                    || (actions.assignedTo() == null && me.identities().contains(call.answeredBy()));
            case MINE_OR_NOBODYS -> me.id().equals(actions.assignedTo())
                    || (actions.assignedTo() == null
                    && (call.answeredBy() == null || me.identities().contains(call.answeredBy())));
            case NOT_FINISHED -> !finished(agentCall);
            case FINISHED -> finished(agentCall);
            case NOT_HELD -> !actions.held();
            case HELD -> actions.held();
            case OUTBOUND -> call.direction() == Direction.OUT;
        };
    }

    /** The first requirement the call does not meet, or {@code null} when it meets them all. */
    public static Requirement firstFailing(List<Requirement> requirements, AgentCall call, Agent me) {
        for (Requirement requirement : requirements) {
            if (!requirement.holds(call, me)) {
                return requirement;
            }
        }
        return null;
    }

    private static boolean finished(AgentCall agentCall) {
        AgentActions actions = agentCall.actions();
        return agentCall.call().endedAt() != null || actions.hungUpAt() != null || actions.bLeg() != null
                || !agentCall.call().nextCallIds().isEmpty();
    }
}
