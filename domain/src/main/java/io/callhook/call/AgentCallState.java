package io.callhook.call;

/**
 * The one state model every agent API speaks: derived from a call's provider facts ({@link CallRecord}) and what
 * agents did to it ({@link AgentActions}), never stored. It knows no protocol: each agent API names the states in
 * its own view (the OpenReception and GWS columns below are those views' names).
 *
 * <p>The first row whose condition holds is the state:
 * <table>
 * <caption>Agent call states</caption>
 * <tr><th>state</th><th>condition</th><th>CTI / Bandwidth ({@link CallRecord#state()})</th>
 *     <th>OpenReception</th><th>GWS</th></tr>
 * <tr><td>{@link #TRANSFERRED}</td><td>continued by a follow-on call ({@code nextCallIds}), or bridged by an
 *     agent and not yet ended</td><td>any</td><td>{@code transferred}</td><td>{@code Released}</td></tr>
 * <tr><td>{@link #TRANSFERRING}</td><td>ended with cause {@code forwarded}, follow-on call not seen yet</td>
 *     <td>hangup</td><td>{@code transferring}</td><td>{@code Released}</td></tr>
 * <tr><td>{@link #HUNGUP}</td><td>ended, or hung up by an agent</td><td>hangup; any after an agent hangup</td>
 *     <td>{@code hungup}</td><td>{@code Released}</td></tr>
 * <tr><td>{@link #PARKED}</td><td>put on hold by its agent</td><td>newCall or answer</td><td>{@code parked}</td>
 *     <td>{@code Held}</td></tr>
 * <tr><td>{@link #UNPARKED}</td><td>taken off hold again (unpark, retrieve)</td><td>newCall or answer</td>
 *     <td>{@code unparked}</td><td>{@code Established}</td></tr>
 * <tr><td>{@link #SPEAKING}</td><td>an agent has it: taken by an agent action, or answered by a named agent
 *     ({@code answeringNumber})</td><td>answer; newCall after a pickup</td><td>{@code speaking}</td>
 *     <td>{@code Established}</td></tr>
 * <tr><td>{@link #QUEUED}</td><td>ringing on a named queue, or answered by no named agent (a PBX or IVR
 *     holds it)</td><td>newCall with a queue; answer without answeringNumber</td><td>{@code queued}</td>
 *     <td>{@code Ringing}</td></tr>
 * <tr><td>{@link #RINGING}</td><td>ringing</td><td>newCall</td><td>{@code ringing}</td><td>{@code Ringing}</td></tr>
 * <tr><td>{@link #CREATED}</td><td>known, but no ring, answer or end yet (only a link or a media event)</td>
 *     <td>none</td><td>{@code created}</td><td>{@code Ringing}</td></tr>
 * </table>
 *
 * <p>Finished states ({@link #isFinished()}) are final for agents: nothing an agent does applies to them, and the
 * provider facts that lead there are never removed, so a finished call stays finished.
 */
public enum AgentCallState {
    CREATED,
    RINGING,
    QUEUED,
    SPEAKING,
    PARKED,
    UNPARKED,
    TRANSFERRING,
    TRANSFERRED,
    HUNGUP;

    /** The state of a call, by the table above. */
    public static AgentCallState of(CallRecord call, AgentActions actions) {
        if (!call.nextCallIds().isEmpty() || (actions.bLeg() != null && !call.ended())) {
            return TRANSFERRED;
        }
        if (call.ended() && call.cause() == Cause.FORWARDED) {
            return TRANSFERRING;
        }
        if (call.ended() || actions.hungUpAt() != null) {
            return HUNGUP;
        }
        if (actions.held()) {
            return PARKED;
        }
        if (actions.parkedAt() != null) {
            return UNPARKED;
        }
        if (actions.assignedTo() != null || call.answeredBy() != null) {
            return SPEAKING;
        }
        if (call.answered() || call.queue() != null) {
            return QUEUED;
        }
        return call.ringingAt() != null ? RINGING : CREATED;
    }

    /** Ended, transferred or forwarded: no agent operation applies any more. */
    public boolean isFinished() {
        return this == TRANSFERRING || this == TRANSFERRED || this == HUNGUP;
    }

    /** An agent is talking on it: the state a call must be in to be parked, held or transferred. */
    public boolean isTalking() {
        return this == SPEAKING || this == UNPARKED;
    }

    /** Waiting for an agent: what an agent may pick up when nobody has it yet. */
    public boolean isWaiting() {
        return this == RINGING || this == QUEUED;
    }
}
