package io.callhook.call;

import java.util.Optional;

/**
 * What one change of a call record means for the missed-call list: compare the record before and after.
 *
 * @param retract the entry to remove, if the call was listed before and is not listed (under that key) now
 * @param record  the entry to list or refresh, if the call is missed now
 * @param newlyMissed the call became missed with this change ({@code MissedCall} is published)
 * @param noLongerMissed the call stopped being missed with this change ({@code MissedCallRetracted} is published)
 * @param reasonChanged the call stays missed under the same key for another reason (a reported end replaced an
 *                      inferred one, say): {@code MissedCall} is published again
 */
public record MissedCallTransition(Optional<MissedCall> retract, Optional<MissedCall> record, boolean newlyMissed,
                                   boolean noLongerMissed, boolean reasonChanged) {

    /** Compares two images of a call; either may be {@code null} (item created or deleted). */
    public static MissedCallTransition between(CallRecord before, CallRecord after, MissSettings rules) {
        MissedCall was = before != null && CallOutcomes.isMissed(before, rules) ? MissedCall.of(before, rules) : null;
        MissedCall is = after != null && CallOutcomes.isMissed(after, rules) ? MissedCall.of(after, rules) : null;
        Optional<MissedCall> retract = was != null && !was.sameKey(is) ? Optional.of(was) : Optional.empty();
        boolean reasonChanged = was != null && is != null && retract.isEmpty() && was.reason() != is.reason();
        return new MissedCallTransition(retract, Optional.ofNullable(is), was == null && is != null,
                was != null && is == null, reasonChanged);
    }

    /** The call stays missed but its entry moves (its line or start became known). */
    public boolean moved() {
        return retract.isPresent() && record.isPresent();
    }

    public boolean changesNothing() {
        return retract.isEmpty() && record.isEmpty();
    }
}
