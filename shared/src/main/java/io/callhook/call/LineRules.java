package io.callhook.call;

import java.time.Duration;

/**
 * How one line's missed calls are judged.
 *
 * @param shortAbandon       a caller who hangs up within this time abandoned "short" ({@code abandoned_short})
 * @param countShortAbandons whether a short abandon is a missed call (listed and counted); when not, it is still
 *                           given its reason for reporting, but is not missed
 * @param hours              the line's business hours, {@code null} when it is always open
 */
public record LineSettings(Duration shortAbandon, boolean countShortAbandons, BusinessHours hours) {

    /** Short abandons within 5 seconds, counted as missed; always open. */
    public static final LineSettings DEFAULT = new LineSettings(Duration.ofSeconds(5), true, null);
}
