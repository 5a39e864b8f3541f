package io.callhook.reports;

import io.callhook.call.CallRecord;
import io.callhook.call.CallOutcomes;
import io.callhook.call.Direction;
import io.callhook.call.MissReason;
import io.callhook.call.MissSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What one call contributes to the queue reports, built from the call record alone (the same record always gives
 * the same fact), so a call's current classification can be stored once and replaced as the call changes.
 *
 * @param callKey     the call's record key ({@code <integration>:<callId>})
 * @param line        the call's line, {@link #UNKNOWN_LINE} when it has none
 * @param outcome     how the call went, as far as it has gone
 * @param reason      why an inbound call was missed ({@link Outcome#MISSED}) or is a short abandon the line does not
 *                    count ({@link Outcome#SHORT_ABANDON}); {@code null} otherwise
 * @param startedAt   the call's start ({@link CallRecord#startedAt}): the interval it is reported in
 * @param waitMillis  start to answer, or start to end when never answered
 * @param talkSeconds answer to end in whole seconds; {@code null} for calls never answered by a person
 * @param agent       who took the call (the answerer inbound, the dialling user outbound), may be {@code null}
 * @param expiresAt   when the call's record expires (the fact goes with it), may be {@code null}
 */
public record ReportFact(String organizationId, String callKey, String line, Direction direction, Outcome outcome,
                         MissReason reason, Instant startedAt, long waitMillis, Long talkSeconds, String agent,
                         Instant expiresAt) {

    /** The line of a call whose line is not known, as the missed-call list names it. */
    public static final String UNKNOWN_LINE = "unknown";

    /** How a call went, with its stored names. */
    public enum Outcome {
        /** Inbound, answered by a person (not a voicemail identity). */
        ANSWERED("answered"),
        /** Inbound and missed as the line's miss rules say ({@link CallOutcomes#isMissed}). */
        MISSED("missed"),
        /** Inbound, hung up within the short-abandon threshold on a line that does not count these as missed. */
        SHORT_ABANDON("short"),
        /** Outbound, answered by a person. */
        CONNECTED("connected"),
        /** Outbound, ended without an answer by a person. */
        ATTEMPT("attempt");

        private final String wire;

        Outcome(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Outcome fromWire(String wire) {
            for (Outcome outcome : values()) {
                if (outcome.wire.equals(wire)) {
                    return outcome;
                }
            }
            throw new IllegalArgumentException("unknown outcome " + wire);
        }
    }

    /**
     * The report fact of a call, if it has one: only an ended call (end reported or inferred) has one, so a call
     * costs one write when it ends and another only if a later event changes what it means. Inbound: answered by a
     * person ({@link Outcome#ANSWERED}), missed ({@link Outcome#MISSED}, with the reason the missed-call list gives),
     * or a short abandon the line leaves out ({@link Outcome#SHORT_ABANDON}); a call that was forwarded or
     * transferred (the follow-on call is offered instead) and a blocked caller's call have none. Outbound: answered
     * by a person ({@link Outcome#CONNECTED}) or not ({@link Outcome#ATTEMPT}). A call of unknown direction or
     * without a start has none.
     */
    public static Optional<ReportFact> of(CallRecord call, MissSettings rules) {
        if (call.direction() == null || call.startedAt() == null || call.callId() == null
                || call.organizationId() == null || !call.ended()) {
            return Optional.empty();
        }
        boolean byPerson = call.answered()
                && (call.answeredBy() == null || !rules.voicemailIdentities().contains(call.answeredBy()));
        if (call.direction() == Direction.IN) {
            if (call.blocked() || !call.nextCallIds().isEmpty()) {
                return Optional.empty();
            }
            if (CallOutcomes.isMissed(call, rules)) {
                return Optional.of(fact(call, Outcome.MISSED, CallOutcomes.missReason(call, rules),
                        call.answeredBy()));
            }
            if (byPerson) {
                return Optional.of(fact(call, Outcome.ANSWERED, null,
                        call.answeredBy() != null ? call.answeredBy() : firstUser(call)));
            }
            MissReason reason = CallOutcomes.missReason(call, rules);
            return reason == MissReason.ABANDONED_SHORT
                    ? Optional.of(fact(call, Outcome.SHORT_ABANDON, reason, null)) : Optional.empty();
        }
        if (byPerson) {
            String user = firstUser(call);
            return Optional.of(fact(call, Outcome.CONNECTED, null, user != null ? user : call.answeredBy()));
        }
        return Optional.of(fact(call, Outcome.ATTEMPT, null, firstUser(call)));
    }

    private static ReportFact fact(CallRecord call, Outcome outcome, MissReason reason, String agent) {
        Instant start = call.startedAt();
        Instant until = call.answered() ? call.answeredAt() : call.endedAt();
        long wait = until == null || until.isBefore(start) ? 0 : Duration.between(start, until).toMillis();
        Long talk = call.answered() && call.ended() && (outcome == Outcome.ANSWERED || outcome == Outcome.CONNECTED)
                ? call.talkingSeconds() : null;
        return new ReportFact(call.organizationId(), call.id(), call.line() == null ? UNKNOWN_LINE : call.line(),
                call.direction(), outcome, reason, start, wait, talk, agent, call.expiresAt());
    }

    private static String firstUser(CallRecord call) {
        return call.users().isEmpty() ? null : new TreeSet<>(call.users()).first();
    }

    /**
     * An order of the images of one call that puts the newest last: call records only gain facts (every fact is
     * written once, sets only grow), so the number of facts an image holds grows with every change that can change
     * its report fact; equal counts are ordered by what the image means, so any two images compare the same way
     * wherever and in whatever order they are seen. Keeping the greatest version makes replays and reorderings
     * converge. The same count as the callback worklist's ({@link io.callhook.worklist.CallbackFact#version}).
     */
    public static String version(CallRecord call, Optional<ReportFact> fact) {
        int facts = call.events().size() + call.users().size() + call.nextCallIds().size()
                + (call.blocked() ? 1 : 0);
        for (Object value : new Object[] {call.direction(), call.from(), call.to(), call.queue(), call.answeredBy(),
                call.firstSeenAt(), call.ringingAt(), call.answeredAt(), call.endedAt(), call.cause()}) {
            facts += value == null ? 0 : 1;
        }
        return String.format("%06d|%s", facts, fact.map(ReportFact::describe).orElse("none"));
    }

    private String describe() {
        return String.join("|", outcome.wire, line, reason == null ? "" : reason.wire(),
                Long.toString(startedAt.toEpochMilli()), Long.toString(waitMillis),
                talkSeconds == null ? "" : talkSeconds.toString(), agent == null ? "" : agent);
    }

    /** Whether the call was offered to its line: every inbound fact. */
    public boolean offered() {
        return direction == Direction.IN;
    }
}
