package io.callhook.call;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The rules that turn a call record into answers for agents: is it missed, why, is it done. Pure functions. */
public final class CallOutcomes {

    private CallOutcomes() {
    }

    /**
     * A call is missed when it came in, has ended and was never answered, unless it was forwarded or transferred
     * (the follow-on call decides) or its caller was blocked (callhook rejected it); or when it was picked up by one
     * of the voicemail identities. Every line has the default rules (short abandons count).
     */
    public static boolean isMissed(CallRecord call, Set<String> voicemailIdentities) {
        return isMissed(call, MissSettings.of(voicemailIdentities));
    }

    /**
     * As above, with each line's rules: on a line that leaves short abandons out, a call whose reason is
     * {@link MissReason#ABANDONED_SHORT} is not missed (it keeps its reason, see {@link #missReason}).
     */
    public static boolean isMissed(CallRecord call, MissSettings rules) {
        return wouldBeMissed(call, rules.voicemailIdentities())
                && (rules.forCall(call).countShortAbandons() || reasonOf(call, rules) != MissReason.ABANDONED_SHORT);
    }

    /**
     * Why a call is (or, for a short abandon a line leaves out, would be) missed; {@code null} for a call that is
     * not. The first rule that applies decides:
     * <ol>
     *   <li>the end was inferred (never reported): {@code unknown};</li>
     *   <li>it started outside the line's business hours: {@code out_of_hours};</li>
     *   <li>voicemail answered it: {@code voicemail};</li>
     *   <li>by cause: {@code busy}; {@code rejected}; {@code no_answer}; {@code not_found}, {@code congestion} or
     *       {@code error}: {@code unreachable}; a cause the provider's table does not know: {@code unknown};</li>
     *   <li>otherwise the caller hung up ({@code cancel}, {@code normal} or no cause): {@code abandoned_short} when
     *       the caller waited at most the line's threshold, else {@code abandoned}.</li>
     * </ol>
     */
    public static MissReason missReason(CallRecord call, MissSettings rules) {
        return wouldBeMissed(call, rules.voicemailIdentities()) ? reasonOf(call, rules) : null;
    }

    private static MissReason reasonOf(CallRecord call, MissSettings rules) {
        LineSettings line = rules.forCall(call);
        if (call.inferred()) {
            return MissReason.UNKNOWN;
        }
        if (line.hours() != null && call.startedAt() != null && !line.hours().isOpen(call.startedAt())) {
            return MissReason.OUT_OF_HOURS;
        }
        if (call.answered()) {
            return MissReason.VOICEMAIL;
        }
        Cause cause = call.cause() == null ? Cause.CANCEL : call.cause();
        return switch (cause) {
            case BUSY -> MissReason.BUSY;
            case REJECTED -> MissReason.REJECTED;
            case NO_ANSWER -> MissReason.NO_ANSWER;
            case NOT_FOUND, CONGESTION, ERROR -> MissReason.UNREACHABLE;
            case UNKNOWN -> MissReason.UNKNOWN;
            default -> waited(call).compareTo(line.shortAbandon()) <= 0
                    ? MissReason.ABANDONED_SHORT : MissReason.ABANDONED;
        };
    }

    /** The base rule, before any line's option. */
    private static boolean wouldBeMissed(CallRecord call, Set<String> voicemailIdentities) {
        if (call.direction() != Direction.IN || !call.ended() || !call.nextCallIds().isEmpty() || call.blocked()) {
            return false;
        }
        if (call.answered()) {
            return call.answeredBy() != null && voicemailIdentities.contains(call.answeredBy());
        }
        return call.cause() != Cause.FORWARDED;
    }

    private static Duration waited(CallRecord call) {
        Instant start = call.startedAt();
        return start == null || call.endedAt().isBefore(start) ? Duration.ZERO
                : Duration.between(start, call.endedAt());
    }

    /**
     * Whether the call needs no more attention: what an agent set, if an agent set it; otherwise outbound and
     * unknown-direction calls are done, and an inbound call is done once it was answered or ended without being
     * missed.
     */
    public static boolean isDone(CallRecord call, Set<String> voicemailIdentities) {
        return isDone(call, MissSettings.of(voicemailIdentities));
    }

    /** As above, with each line's rules. */
    public static boolean isDone(CallRecord call, MissSettings rules) {
        if (call.doneByAgent() != null) {
            return call.doneByAgent();
        }
        if (call.direction() != Direction.IN) {
            return true;
        }
        return !isMissed(call, rules) && (call.answered() || call.ended());
    }

    /**
     * Whether a call that is still open (no end reported or inferred) has been quiet too long: answered and no
     * activity for {@code limits.answered()}, or not answered and no activity for {@code limits.ringing()}.
     */
    public static boolean isOverdue(CallRecord call, OpenCallLimits limits, Instant now) {
        if (call.ended()) {
            return false;
        }
        Instant last = call.lastActivityAt();
        Duration limit = call.answered() ? limits.answered() : limits.ringing();
        return last != null && !last.plus(limit).isAfter(now);
    }

    /**
     * The event that closes an overdue call by inference: an {@link EventType#INFERRED_HANGUP} ending at the
     * call's last known activity, with no cause (the record reads it as {@code unknown}).
     */
    public static CallEvent inferredHangup(CallRecord call, Instant now) {
        return CallEvent.builder(call.callId(), call.source(), EventType.INFERRED_HANGUP, now)
                .endedAt(call.lastActivityAt())
                .build();
    }
}
