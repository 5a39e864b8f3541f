package io.callhook.call;

import java.time.Duration;

/**
 * How long a call may stay open without news before it is closed by inference.
 *
 * @param ringing  since the last activity of a call nobody answered (default 30 minutes)
 * @param answered since the answer of a call that was answered (default 12 hours)
 */
public record OpenCallLimits(Duration ringing, Duration answered) {

    public static final OpenCallLimits DEFAULT = new OpenCallLimits(Duration.ofMinutes(30), Duration.ofHours(12));

    /** The shorter of the two: no open call younger than this can be overdue. */
    public Duration shortest() {
        return ringing.compareTo(answered) <= 0 ? ringing : answered;
    }
}
