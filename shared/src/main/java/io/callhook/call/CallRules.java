package io.callhook.call;

import java.util.Set;

/** The rules that turn a call record into answers for agents: is it missed, is it done. Pure functions. */
public final class CallRules {

    private CallRules() {
    }

    /**
     * A call is missed when it came in, has ended and was never answered, unless it was forwarded or transferred
     * (the follow-on call decides) or its caller was blocked (callhook rejected it); or when it was picked up by one
     * of the voicemail identities.
     */
    public static boolean isMissed(CallRecord call, Set<String> voicemailIdentities) {
        if (call.direction() != Direction.IN || !call.ended() || !call.nextCallIds().isEmpty() || call.blocked()) {
            return false;
        }
        if (call.answered()) {
            return call.answeredBy() != null && voicemailIdentities.contains(call.answeredBy());
        }
        return call.cause() != Cause.FORWARDED;
    }

    /**
     * Whether the call needs no more attention: what an agent set, if an agent set it; otherwise outbound and
     * unknown-direction calls are done, and an inbound call is done once it was answered or ended without being
     * missed.
     */
    public static boolean isDone(CallRecord call, Set<String> voicemailIdentities) {
        if (call.doneByAgent() != null) {
            return call.doneByAgent();
        }
        if (call.direction() != Direction.IN) {
            return true;
        }
        return !isMissed(call, voicemailIdentities) && (call.answered() || call.ended());
    }
}
