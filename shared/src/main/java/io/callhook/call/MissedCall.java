package io.callhook.call;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * One missed call as agents and dashboards see it. Built from the call record alone, so the same record always
 * gives the same entry, under the same key ({@link #line()} and {@link #startedAt()}).
 *
 * @param callId         the agent-facing id of the call ({@code <integration>:<callId>})
 * @param organizationId the organization the call belongs to
 * @param line           the line or queue the call came in on
 * @param waitingSeconds how long the caller waited before the call ended
 * @param done           whether the call needs no more attention (an agent may set it)
 * @param reason         why it was missed ({@link CallOutcomes#missReason})
 */
public record MissedCall(
        String callId,
        String organizationId,
        String line,
        String from,
        String to,
        Set<String> users,
        Instant startedAt,
        Instant endedAt,
        Long waitingSeconds,
        Cause cause,
        String rawCause,
        boolean done,
        Instant expiresAt,
        MissReason reason) {

    public MissedCall {
        users = users == null ? Set.of() : Set.copyOf(users);
        reason = reason == null ? MissReason.UNKNOWN : reason;
    }

    /** An entry whose reason is not known ({@code unknown}). */
    public MissedCall(String callId, String organizationId, String line, String from, String to, Set<String> users,
                      Instant startedAt, Instant endedAt, Long waitingSeconds, Cause cause, String rawCause,
                      boolean done, Instant expiresAt) {
        this(callId, organizationId, line, from, to, users, startedAt, endedAt, waitingSeconds, cause, rawCause, done,
                expiresAt, MissReason.UNKNOWN);
    }

    /** The entry of a call that {@link CallOutcomes#isMissed} holds missed, every line with the default rules. */
    public static MissedCall of(CallRecord call, Set<String> voicemailIdentities) {
        return of(call, MissSettings.of(voicemailIdentities));
    }

    /** The entry of a call that {@link CallOutcomes#isMissed} holds missed under {@code rules}. */
    public static MissedCall of(CallRecord call, MissSettings rules) {
        return new MissedCall(call.id(), call.organizationId(), call.line() == null ? "unknown" : call.line(),
                call.from(), call.to(),
                call.users(), call.startedAt(), call.endedAt(), call.waitingSeconds(),
                call.cause() == null ? Cause.UNKNOWN : call.cause(), call.rawCause(),
                CallOutcomes.isDone(call, rules), call.expiresAt(), CallOutcomes.missReason(call, rules));
    }

    /** The UTC day the call started on: the day it is counted under. */
    public LocalDate day() {
        return LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
    }

    /** Whether two entries are stored under the same key (same organization, line and start). */
    public boolean sameKey(MissedCall other) {
        return other != null && java.util.Objects.equals(organizationId, other.organizationId)
                && line.equals(other.line) && startedAt.equals(other.startedAt) && callId.equals(other.callId);
    }
}
