package io.callhook.reports;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * The intervals a report is rolled up to, in the organization's time zone: quarter hours and hours of the local
 * clock, local days, ISO weeks (Monday to Sunday) and calendar months. A day with a daylight-saving change has 92
 * or 100 quarter hours.
 */
public enum Granularity {
    FIFTEEN_MINUTES("15m"), HOUR("hour"), DAY("day"), WEEK("week"), MONTH("month");

    private final String wire;

    Granularity(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The granularity a query names; {@code null} for a name that is none. */
    public static Granularity fromWire(String wire) {
        for (Granularity granularity : values()) {
            if (granularity.wire.equals(wire)) {
                return granularity;
            }
        }
        return null;
    }

    /** The start of the interval holding {@code at}, in {@code zone}. */
    public ZonedDateTime start(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return switch (this) {
            case FIFTEEN_MINUTES -> local.truncatedTo(ChronoUnit.MINUTES).withMinute(local.getMinute() / 15 * 15);
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS);
            case DAY -> local.toLocalDate().atStartOfDay(zone);
            case WEEK -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay(zone);
            case MONTH -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
        };
    }

    /** The start of the interval after the one starting at {@code start}. */
    public ZonedDateTime next(ZonedDateTime start) {
        return switch (this) {
            case FIFTEEN_MINUTES -> start.plusMinutes(15);
            case HOUR -> start(start.toInstant().plus(1, ChronoUnit.HOURS), start.getZone());
            case DAY -> start.toLocalDate().plusDays(1).atStartOfDay(start.getZone());
            case WEEK -> start.toLocalDate().plusWeeks(1).atStartOfDay(start.getZone());
            case MONTH -> start.toLocalDate().plusMonths(1).atStartOfDay(start.getZone());
        };
    }
}
