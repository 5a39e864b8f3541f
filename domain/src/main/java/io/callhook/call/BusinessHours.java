package io.callhook.call;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a line is staffed: opening ranges per weekday in the line's time zone, minus holidays (whole days in that
 * zone). A weekday without ranges is closed all day.
 *
 * @param zone     the line's time zone
 * @param week     opening ranges per weekday; an end of {@link LocalTime#MAX} means midnight
 * @param holidays days on which the line is closed
 */
public record BusinessHours(ZoneId zone, Map<DayOfWeek, List<Range>> week, Set<LocalDate> holidays) {

    public BusinessHours {
        week = Map.copyOf(week);
        holidays = Set.copyOf(holidays);
    }

    /** Whether the line is open at {@code instant}: a weekday range holds it and the day is no holiday. */
    public boolean isOpen(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        return week.getOrDefault(local.getDayOfWeek(), List.of()).stream().anyMatch(range -> range.holds(time));
    }

    /** Opening time (inclusive) to closing time (exclusive). */
    public record Range(LocalTime opens, LocalTime closes) {

        public Range {
            if (!opens.isBefore(closes)) {
                throw new IllegalArgumentException("a range must open before it closes: " + opens + "-" + closes);
            }
        }

        boolean holds(LocalTime time) {
            return !time.isBefore(opens) && (time.isBefore(closes) || closes.equals(LocalTime.MAX));
        }
    }
}
