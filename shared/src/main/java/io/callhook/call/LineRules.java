package io.callhook.call;

import java.time.Duration;

/**
 * How one line's missed calls are judged.
 *
 * @param shortAbandon       a caller who hangs up within this time abandoned "short" ({@code abandoned_short})
 * @param countShortAbandons whether a short abandon is a missed call (listed and counted); when not, it is still
 *                           given its reason for reporting, but is not missed
 * @param hours              the line's business hours, {@code null} when it is always open
 * @param serviceLevel       the reports' service-level threshold: a call answered after waiting at most this long
 *                           was answered within the service level
 */
public record LineSettings(Duration shortAbandon, boolean countShortAbandons, BusinessHours hours,
                        Duration serviceLevel) {

    /** The service-level threshold of a line that names none: 20 seconds. */
    public static final Duration DEFAULT_SERVICE_LEVEL = Duration.ofSeconds(20);

    /** Short abandons within 5 seconds, counted as missed; always open; service level 20 seconds. */
    public static final LineSettings DEFAULT = new LineSettings(Duration.ofSeconds(5), true, null);

    /** Rules with the default service-level threshold. */
    public LineSettings(Duration shortAbandon, boolean countShortAbandons, BusinessHours hours) {
        this(shortAbandon, countShortAbandons, hours, DEFAULT_SERVICE_LEVEL);
    }
}
