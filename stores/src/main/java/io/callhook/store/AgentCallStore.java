package io.callhook.store;

import io.callhook.agent.Agent;
import io.callhook.agent.Requirement;
import io.callhook.call.AgentCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What agents do to call records, beside the provider facts the {@link CallStore} writes. Every change is one
 * conditional write (a bridge: one transaction) whose condition carries the operation's {@link Requirement}s, so
 * ownership and state hold at the moment of the write; a refused write writes nothing and reports the call as it
 * was. Agent writes never touch a provider fact, and webhook writes never touch what agents did.
 *
 * <p>Call ids are the agent-facing ids, {@code <integration>:<callId>} ({@link CallKeys}). Every read and write is
 * limited to the agent's organization; {@link Requirement#EXISTS} fails for a call of another organization, as for
 * a call that does not exist, and the refusal is exactly the one for a call that does not exist (its
 * {@link Refused#old()} has no record), repeat or not.
 *
 * <p>Lists read within a bounded window back from now, at most {@link #MAX_PAGES} index pages per query, and never
 * scan the table. Implementations throw on storage failures and never swallow them.
 */
public interface AgentCallStore {

    /** The most index pages one list reads from each index. */
    int MAX_PAGES = 10;

    /**
     * The call with its agent actions, read consistently; empty when there is no such call in my organization (a
     * call of another organization reads exactly as one that does not exist).
     */
    Optional<AgentCall> find(String callId, Agent me);

    /**
     * Applies {@code change} for {@code me} when the call meets every requirement.
     *
     * @return the call after the write
     * @throws Refused with the call as it was when a requirement failed; nothing was written
     */
    AgentCall update(String callId, Agent me, List<Requirement> requirements, Change change, Instant now);

    /**
     * {@link #update} for an operation a client may send again (after a timeout, or a 503 asking it to): when the
     * write is refused and the call as it was at that moment shows the operation's effect already in place for
     * {@code me}, that call is the result and nothing is written. Ownership stays with the write's condition:
     * {@code done} only ever turns a refusal into "already done", never lets a write through, and never for a call
     * of another organization than {@code me}'s (refused as {@link Requirement#EXISTS}, whatever {@code done} says).
     *
     * @throws Refused when a requirement failed and the effect is not in place for me
     */
    Outcome updateOrRepeat(String callId, Agent me, List<Requirement> requirements, Change change, Instant now,
                           Done done);

    /**
     * Sets keys of one of the call's string maps when the call meets every requirement, keeping the map at
     * {@code maxKeys} keys at most; only keys the map does not hold yet count against the limit, and the limit is
     * part of the write's condition, so concurrent writers cannot exceed it. With {@code ifAbsent}, keys already
     * there keep their value.
     *
     * @return the call after the write
     * @throws Refused when a requirement failed ({@link Refused#requirement()} set), or the map would hold more
     *                 than {@code maxKeys} keys ({@link Refused#requirement()} null)
     */
    AgentCall putEntries(String callId, Agent me, List<Requirement> requirements, DataMap map,
                         Map<String, String> entries, boolean ifAbsent, int maxKeys);

    /**
     * Removes one key of one of the call's string maps when the call meets every requirement; a call without the
     * map is returned as it is.
     *
     * @throws Refused when a requirement failed
     */
    AgentCall removeEntry(String callId, Agent me, List<Requirement> requirements, DataMap map, String key);

    /**
     * Bridges two calls in one transaction: each gets the other as its b-leg, both become {@code me}'s and are no
     * longer held. Nothing is written unless both meet their requirements.
     *
     * @throws BridgeRefused naming which call failed which requirement, with the call as it was
     */
    void bridge(Agent me, String destination, List<Requirement> destinationRequires, String source,
                List<Requirement> sourceRequires, Instant now);

    /** My calls in the window that are not finished, newest first. */
    List<AgentCall> assignedTo(Agent me, Instant now);

    /**
     * Calls in the window that no agent acted on, that are not finished and that the PBX answered under one of my
     * names: my calls the webhook did not assign. Newest first.
     */
    List<AgentCall> answeredUnderNameOf(Agent me, Instant now);

    /**
     * Calls nobody has (no agent acted on them, the PBX named no answerer) that are not finished and started
     * ringing within the maximum ring age and the window; oldest first, so the page cap never hides the call that
     * has waited longest. Whether each is waiting is for the caller to tell from its state.
     */
    List<AgentCall> nobodys(Agent me, Instant now);

    /** What an agent does to a call; each makes it the agent's, except {@link #RETRIEVE}, which needs it to be. */
    enum Change {
        /** Take the call: it becomes the agent's active call, no longer held. */
        PICKUP,
        /** Put the call on hold. */
        PARK,
        /** Take the call off hold: it becomes the agent's active call again. */
        RETRIEVE,
        /** Hang the call up. */
        HANGUP
    }

    /** The string maps agents keep on a call. */
    enum DataMap {
        /** Data attached while the call was active ({@link io.callhook.call.AgentActions#userData()}). */
        USER_DATA,
        /** Dispositions set after the call was released ({@link io.callhook.call.AgentActions#dispositions()}). */
        DISPOSITIONS
    }

    /** The call an operation leaves, and whether the operation had been done before (a repeat). */
    record Outcome(AgentCall call, boolean repeat) {
    }

    /** What a repeated operation finds when its effect is in place for the agent. */
    @FunctionalInterface
    interface Done {
        /** Held by me and live: what a hold or park leaves. */
        Done HELD_BY_ME = (call, me) -> Requirement.MINE.holds(call, me) && Requirement.NOT_FINISHED.holds(call, me)
                && Requirement.HELD.holds(call, me);
        /** Mine, live, parked before and no longer held: what a retrieve leaves. */
        Done RETRIEVED_BY_ME = (call, me) -> Requirement.MINE.holds(call, me)
                && Requirement.NOT_FINISHED.holds(call, me) && Requirement.NOT_HELD.holds(call, me)
                && call.actions().parkedAt() != null;
        /** Hung up by me: what a hangup leaves (whatever the PBX reported since). */
        Done HUNG_UP_BY_ME = (call, me) -> me.id().equals(call.actions().hungUpBy())
                && me.id().equals(call.actions().assignedTo());

        boolean in(AgentCall call, Agent me);
    }

    /**
     * A write was refused: {@code requirement} is the first requirement the call as it was fails, or {@code null}
     * when it met them all and only the write's own limit failed. For an unknown call, {@code old} has no record.
     */
    final class Refused extends RuntimeException {
        private final transient Requirement requirement;
        private final transient AgentCall old;

        public Refused(Requirement requirement, AgentCall old) {
            super(requirement == null ? "condition" : requirement.name(), null, false, false);
            this.requirement = requirement;
            this.old = old;
        }

        public Requirement requirement() {
            return requirement;
        }

        /** The requirement that failed, for writes without a limit of their own (where one always did). */
        public Requirement failed() {
            if (requirement == null) {
                throw new IllegalStateException("the store refused a write whose requirements the call meets");
            }
            return requirement;
        }

        public AgentCall old() {
            return old;
        }
    }

    /** A bridge was refused: by the destination (the agent's current call) or by the source. */
    final class BridgeRefused extends RuntimeException {
        private final boolean destination;
        private final transient Refused refused;

        public BridgeRefused(boolean destination, Refused refused) {
            super(refused.getMessage(), null, false, false);
            this.destination = destination;
            this.refused = refused;
        }

        public boolean destination() {
            return destination;
        }

        public Refused refused() {
            return refused;
        }
    }
}
