package io.callhook.call;

import java.util.Optional;
import java.util.Set;

/**
 * What one change of a call record means for the missed-call list: compare the record before and after.
 *
 * @param retract the entry to remove, if the call was listed before and is not listed (under that key) now
 * @param record  the entry to list or refresh, if the call is missed now
 * @param newlyMissed the call became missed with this change ({@code MissedCall} is published)
 * @param noLongerMissed the call stopped being missed with this change ({@code MissedCallRetracted} is published)
 */
public record MissedCallTransition(Optional<MissedCall> retract, Optional<MissedCall> record, boolean newlyMissed,
                                   boolean noLongerMissed) {

    /** Compares two images of a call; either may be {@code null} (item created or deleted). */
    public static MissedCallTransition between(CallRecord before, CallRecord after, Set<String> voicemail) {
        MissedCall was = before != null && CallRules.isMissed(before, voicemail)
                ? MissedCall.of(before, voicemail) : null;
        MissedCall is = after != null && CallRules.isMissed(after, voicemail)
                ? MissedCall.of(after, voicemail) : null;
        Optional<MissedCall> retract = was != null && !was.sameKey(is) ? Optional.of(was) : Optional.empty();
        return new MissedCallTransition(retract, Optional.ofNullable(is), was == null && is != null,
                was != null && is == null);
    }

    /** The call stays missed but its entry moves (its line or start became known). */
    public boolean moved() {
        return retract.isPresent() && record.isPresent();
    }

    public boolean changesNothing() {
        return retract.isEmpty() && record.isEmpty();
    }
}
