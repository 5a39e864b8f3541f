package io.callhook.worklist;

import io.callhook.call.CallOutcomes;
import io.callhook.call.CallRecord;
import io.callhook.call.Direction;
import io.callhook.call.MissSettings;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What one call means for the callback worklist of its organization, line and caller number: a miss, a call that
 * connected (inbound answered by a person, outbound answered), or an unanswered outbound attempt. Built from the
 * call record alone, so the same record always gives the same fact.
 *
 * @param subject     the caller number's key (the number keyer's form of its {@link #usableNumber}: the stream
 *                    function's is E.164 in the organization's region), or {@code ?<call id>} for a caller with no
 *                    usable number (who gets an item of their own and cannot be called back)
 * @param callId      the agent-facing id of the call ({@code <integration>:<callId>})
 * @param at          the call's time (its start): the worklist orders facts by it, never by processing order
 * @param connectedAt when a connecting call was answered ({@code null} for other kinds)
 * @param agent       who took a connecting call (the answerer inbound, the dialling user outbound), may be null
 */
public record CallbackFact(Kind kind, String organizationId, String line, String subject, String callId,
                           Instant at, Instant connectedAt, String agent, Instant expiresAt) {

    /** The line of a call whose line is not known, as the missed-call list names it. */
    public static final String UNKNOWN_LINE = "unknown";
    private static final String ANONYMOUS = "?";
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().\\-/]");
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,32}");

    /** The kinds of facts, with their stored names. */
    public enum Kind {
        MISS("miss"), INBOUND_CONNECT("caller_called_again"), OUTBOUND_CONNECT("callback"), ATTEMPT("attempt");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Kind fromWire(String wire) {
            for (Kind kind : values()) {
                if (kind.wire.equals(wire)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown fact kind " + wire);
        }

        /** Whether the call connected with the number (it resolves the misses before it). */
        public boolean connects() {
            return this == INBOUND_CONNECT || this == OUTBOUND_CONNECT;
        }
    }

    /** Whether the caller can be called back (their number is known). */
    public boolean callable() {
        return !subject.startsWith(ANONYMOUS);
    }

    /**
     * The worklist fact of a call, if it has one: an inbound call that {@link CallOutcomes#isMissed} holds missed is a
     * miss (from any caller); an inbound call answered by a person (not a voicemail identity) connects; an outbound
     * call answered (not by a voicemail identity) connects, and one that ended unanswered is an attempt. Connects
     * and attempts need a usable number. Anything else (ringing, forwarded) is no fact.
     */
    public static Optional<CallbackFact> of(CallRecord call, Set<String> voicemail) {
        return of(call, MissSettings.of(voicemail));
    }

    /** As above, with each line's rules deciding which calls are missed (a line may leave short abandons out). */
    public static Optional<CallbackFact> of(CallRecord call, MissSettings rules) {
        return of(call, rules, UnaryOperator.identity());
    }

    /**
     * As above, the number keyed by {@code numberKey}: given a {@link #usableNumber}, it answers the key the facts of
     * that number are grouped under (one key for every spelling of one number), never {@code null}.
     */
    public static Optional<CallbackFact> of(CallRecord call, MissSettings rules, UnaryOperator<String> numberKey) {
        if (call.direction() == null || call.startedAt() == null || call.callId() == null) {
            return Optional.empty();
        }
        String line = call.line() == null ? UNKNOWN_LINE : call.line();
        Set<String> voicemail = rules.voicemailIdentities();
        boolean byPerson = call.answered() && (call.answeredBy() == null || !voicemail.contains(call.answeredBy()));
        if (call.direction() == Direction.IN) {
            String number = key(usableNumber(call.from()), numberKey);
            if (CallOutcomes.isMissed(call, rules)) {
                return Optional.of(fact(Kind.MISS, call, line, number != null ? number : ANONYMOUS + call.id(),
                        null, null));
            }
            if (byPerson && number != null) {
                return Optional.of(fact(Kind.INBOUND_CONNECT, call, line, number, call.answeredAt(),
                        call.answeredBy() != null ? call.answeredBy() : firstUser(call)));
            }
            return Optional.empty();
        }
        String number = key(usableNumber(call.to()), numberKey);
        if (number == null) {
            return Optional.empty();
        }
        if (byPerson) {
            String agent = firstUser(call);
            return Optional.of(fact(Kind.OUTBOUND_CONNECT, call, line, number, call.answeredAt(),
                    agent != null ? agent : call.answeredBy()));
        }
        return call.ended() ? Optional.of(fact(Kind.ATTEMPT, call, line, number, null, firstUser(call)))
                : Optional.empty();
    }

    private static CallbackFact fact(Kind kind, CallRecord call, String line, String subject, Instant connectedAt,
                                     String agent) {
        return new CallbackFact(kind, call.organizationId(), line, subject, call.id(), call.startedAt(),
                connectedAt, agent, call.expiresAt());
    }

    private static String key(String usable, UnaryOperator<String> numberKey) {
        return usable == null ? null : numberKey.apply(usable);
    }

    private static String firstUser(CallRecord call) {
        return call.users().isEmpty() ? null : new TreeSet<>(call.users()).first();
    }

    /**
     * A caller number that can be called back and matched: spaces, dots, dashes, slashes and brackets removed, then
     * an optional {@code +} and 3 to 32 digits; {@code null} for anything else ({@code anonymous}, empty, SIP names).
     * Numbers are compared as sent otherwise ({@code 0049...} and {@code +49...} are different numbers).
     */
    public static String usableNumber(String raw) {
        if (raw == null) {
            return null;
        }
        String number = SEPARATORS.matcher(raw).replaceAll("");
        return NUMBER.matcher(number).matches() ? number : null;
    }

    /**
     * An order of the images of one call that puts the newest last: call records only gain facts (every fact is
     * written once, sets only grow), so the number of facts an image holds grows with every change that matters
     * here; equal counts are ordered by what the image means, so any two images compare the same way wherever and
     * in whatever order they are seen. Keeping the greatest version makes replays and reorderings converge.
     */
    public static String version(CallRecord call, Optional<CallbackFact> fact) {
        int facts = call.events().size() + call.users().size() + call.nextCallIds().size();
        for (Object value : new Object[] {call.direction(), call.from(), call.to(), call.queue(), call.answeredBy(),
                call.firstSeenAt(), call.ringingAt(), call.answeredAt(), call.endedAt(), call.cause()}) {
            facts += value == null ? 0 : 1;
        }
        return String.format("%06d|%s", facts, fact.map(CallbackFact::describe).orElse("none"));
    }

    /**
     * The version {@link #version(CallRecord, Optional)} gives the same call image had its fact been {@code fact}:
     * {@code version}'s count of facts with {@code fact}'s description (a fact moved to another number key keeps
     * its place among the call's images).
     */
    public static String version(String version, CallbackFact fact) {
        return version.substring(0, version.indexOf('|') + 1) + fact.describe();
    }

    /** This fact under another number key (the number's new {@code subject}). */
    public CallbackFact withSubject(String newSubject) {
        return new CallbackFact(kind, organizationId, line, newSubject, callId, at, connectedAt, agent, expiresAt);
    }

    private String describe() {
        return String.join("|", kind.wire, line, subject, Long.toString(at.toEpochMilli()),
                connectedAt == null ? "" : Long.toString(connectedAt.toEpochMilli()), agent == null ? "" : agent);
    }
}
