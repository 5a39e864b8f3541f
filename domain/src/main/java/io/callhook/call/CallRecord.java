package io.callhook.call;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Everything known about one call: the facts merged from all of its events, whatever their order or repetition,
 * plus what agents set on it. State, line and durations are derived from the facts, never stored.
 *
 * @param events      the canonical event types seen so far ({@code newCall}, {@code answer}, {@code hangup}, ...)
 * @param firstSeenAt when the first of the call's events reached callhook (its {@link CallEvent#receivedAt})
 * @param doneByAgent the done flag an agent set, {@code null} while no agent has set it
 * @param nextCallIds calls that continue this one (forwards, transfers)
 * @param expiresAt   when DynamoDB's TTL removes the record
 * @param organizationId the organization of the integration that first wrote the record
 * @param inferred    the end was never reported: {@code endedAt} is callhook's inference (the last known activity)
 *                    and {@code cause} is {@code unknown}, until a reported hangup replaces both
 * @param blocked     the caller was on the integration's block list when the call came in: answered with a
 *                    reject, recorded, never missed
 */
public record CallRecord(
        String callId,
        String source,
        Set<String> events,
        Direction direction,
        String from,
        String to,
        String queue,
        Set<String> users,
        String answeredBy,
        Instant firstSeenAt,
        Instant ringingAt,
        Instant answeredAt,
        Instant endedAt,
        String rawCause,
        Cause cause,
        String previousCallId,
        Set<String> nextCallIds,
        Map<String, String> attributes,
        Boolean doneByAgent,
        Instant expiresAt,
        String organizationId,
        boolean inferred,
        boolean blocked) {

    /** This record with another expiry (how long a copy of it, a missed-call entry or a worklist fact, is kept). */
    public CallRecord withExpiresAt(Instant expires) {
        return new CallRecord(callId, source, events, direction, from, to, queue, users, answeredBy, firstSeenAt,
                ringingAt, answeredAt, endedAt, rawCause, cause, previousCallId, nextCallIds, attributes, doneByAgent,
                expires, organizationId, inferred, blocked);
    }

    public CallRecord {
        events = events == null ? Set.of() : Set.copyOf(events);
        users = users == null ? Set.of() : Set.copyOf(users);
        nextCallIds = nextCallIds == null ? Set.of() : Set.copyOf(nextCallIds);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A record whose end, if any, was reported. */
    public CallRecord(String callId, String source, Set<String> events, Direction direction, String from, String to,
                      String queue, Set<String> users, String answeredBy, Instant firstSeenAt, Instant ringingAt,
                      Instant answeredAt, Instant endedAt, String rawCause, Cause cause, String previousCallId,
                      Set<String> nextCallIds, Map<String, String> attributes, Boolean doneByAgent, Instant expiresAt,
                      String organizationId) {
        this(callId, source, events, direction, from, to, queue, users, answeredBy, firstSeenAt, ringingAt,
                answeredAt, endedAt, rawCause, cause, previousCallId, nextCallIds, attributes, doneByAgent, expiresAt,
                organizationId, false, false);
    }

    /**
     * The id agents see and send: {@code <source>:<callId>} (the record's key), or {@code null} for a call with no
     * record.
     */
    public String id() {
        return callId == null ? null : source + ":" + callId;
    }

    /** The agent-facing id of a call of the same integration (a linked call), {@code null} for {@code null}. */
    public String idOf(String linkedCallId) {
        return linkedCallId == null ? null : source + ":" + linkedCallId;
    }

    public CallState state() {
        if (endedAt != null) {
            return CallState.HANGUP;
        }
        return answeredAt != null ? CallState.ANSWER : CallState.NEW_CALL;
    }

    public boolean answered() {
        return answeredAt != null;
    }

    public boolean ended() {
        return endedAt != null;
    }

    /** The line the call belongs to: the queue if the provider named one, else our own number on the call. */
    public String line() {
        if (queue != null) {
            return queue;
        }
        return direction == Direction.OUT ? from : to;
    }

    /**
     * When the call started: its ringing time if known, else when callhook first heard of it, but never after its
     * answer or its end (a call first heard of by a late delivery started no later than it was answered or ended).
     */
    public Instant startedAt() {
        if (ringingAt != null) {
            return ringingAt;
        }
        Instant start = firstSeenAt;
        for (Instant later : new Instant[] {answeredAt, endedAt}) {
            if (later != null && (start == null || later.isBefore(start))) {
                start = later;
            }
        }
        return start;
    }

    /** The latest time known of the call before its end: when it was first seen, rang or was answered. */
    public Instant lastActivityAt() {
        Instant last = firstSeenAt;
        for (Instant time : new Instant[] {ringingAt, answeredAt}) {
            if (time != null && (last == null || time.isAfter(last))) {
                last = time;
            }
        }
        return last;
    }

    /** Seconds from start to pickup, or to the end when never answered; {@code null} while still ringing. */
    public Long waitingSeconds() {
        Instant until = answeredAt != null ? answeredAt : endedAt;
        return until == null ? null : wholeSeconds(startedAt(), until);
    }

    /** Seconds from pickup to the end; {@code null} unless the call was answered and has ended. */
    public Long talkingSeconds() {
        return answeredAt == null || endedAt == null ? null : wholeSeconds(answeredAt, endedAt);
    }

    private static long wholeSeconds(Instant from, Instant until) {
        return from == null ? 0 : Math.max(0, Duration.between(from, until).getSeconds());
    }
}
