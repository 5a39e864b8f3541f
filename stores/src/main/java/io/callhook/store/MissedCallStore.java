package io.callhook.store;

import io.callhook.call.MissedCall;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Missed calls and how many there were per organization, line and day. Exact under re-delivery: listing an entry
 * that is already listed, or retracting one that is not, changes nothing, and counts move only with their entries.
 * Every read names one organization and sees nothing of another.
 */
public interface MissedCallStore {

    /**
     * Lists a missed call, or refreshes its entry (done flag, users, ...) if it is listed already.
     *
     * @return whether the call was newly listed (and counted)
     */
    boolean record(MissedCall entry);

    /**
     * Removes a listed entry and uncounts it.
     *
     * @return whether an entry was removed
     */
    boolean retract(MissedCall entry);

    /**
     * As {@link #record(MissedCall)}, in the index shard the call's record was written to ({@code null}: the
     * organization's shard count now decides), so the entry of one call keeps its shard whatever the count does.
     */
    default boolean record(MissedCall entry, Integer shard) {
        return record(entry);
    }

    /** As {@link #retract(MissedCall)}, in the shard {@link #record(MissedCall, Integer)} took. */
    default boolean retract(MissedCall entry, Integer shard) {
        return retract(entry);
    }

    /**
     * One page of an organization's entries of one line ({@code null}: every line) that started in
     * {@code [since, until)}, newest first; it ends after {@code limit} entries or before the entry that would take
     * the sizes past {@code maxBytes} (the first always fits).
     *
     * @throws InvalidPageTokenException for a token this list did not give out
     */
    Page<MissedCall> entries(String organization, String line, Instant since, Instant until, int limit, int maxBytes,
                             ToIntFunction<MissedCall> size, String token);

    /**
     * An organization's missed calls per line per UTC day for days in {@code [since, until]}, by day then line; at
     * most {@code maxCounts} of them ({@link Counts#complete()} tells whether that was all).
     */
    Counts counts(String organization, String line, LocalDate since, LocalDate until, int maxCounts);

    /**
     * An organization's missed calls per line per day of {@code zone} (the organization's time zone) for days in
     * {@code [since, until]}, by day then line; at most {@code maxCounts} of them. In a zone that is UTC all year
     * these are the stored day counts ({@link #counts(String, String, LocalDate, LocalDate, int)}); in any other
     * zone the stored counts are of UTC days, which cut its days in two, so the range's entries are read and counted
     * by the local day they started on: at most {@code maxEntries} of them, newest first. When that stops short
     * (or the counts pass {@code maxCounts}), the oldest day read, which may be short, is left out and
     * {@link Counts#complete()} is {@code false}.
     */
    default Counts counts(String organization, String line, LocalDate since, LocalDate until, ZoneId zone,
                          int maxCounts, int maxEntries) {
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return counts(organization, line, since, until, maxCounts);
        }
        Instant from = since.atStartOfDay(zone).toInstant();
        Instant to = until.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
        TreeMap<LocalDate, Map<String, Map<String, Long>>> byDay = new TreeMap<>(Comparator.reverseOrder());
        int read = 0;
        int distinct = 0;
        boolean complete = true;
        String token = null;
        do {
            Page<MissedCall> page = entries(organization, line, from, to, Math.min(1000, maxEntries - read),
                    Integer.MAX_VALUE, entry -> 0, token);
            for (MissedCall entry : page.items()) {
                Map<String, Map<String, Long>> lines = byDay.computeIfAbsent(LocalDate.ofInstant(entry.startedAt(),
                        zone), d -> new TreeMap<>());
                if (!lines.containsKey(entry.line()) && distinct++ >= maxCounts) {
                    complete = false;
                    break;
                }
                lines.computeIfAbsent(entry.line(), l -> new TreeMap<>()).merge(entry.reason().wire(), 1L, Long::sum);
            }
            read += page.items().size();
            token = page.nextToken();
            if (complete && token != null && read >= maxEntries) {
                complete = false;
            }
        } while (complete && token != null);
        if (!complete && !byDay.isEmpty()) {
            // newest first: the oldest day read is the one that may be short
            byDay.remove(byDay.lastKey());
        }
        List<DayCount> counts = new ArrayList<>();
        byDay.forEach((day, lines) -> lines.forEach((name, reasons) -> counts.add(new DayCount(name, day,
                reasons.values().stream().mapToLong(Long::longValue).sum(), reasons))));
        counts.sort(Comparator.comparing(DayCount::day).thenComparing(DayCount::line));
        return new Counts(counts, complete);
    }

    /**
     * The organization's change marker: a value that differs from every earlier one once any of its entries or
     * counts changed (raised right after each {@link #record} and {@link #retract}, whatever they did), read
     * strongly consistent. An answer built from reads made after the marker was read is at least as new as the
     * marker, so a client holding an answer tagged with the current marker can be told "not modified" without
     * reading the lists.
     */
    String changeMarker(String organization);

    /**
     * The caller log's change marker of the organization: raised by {@link #raiseCallLogMarker} (the caller-log
     * marker's stream reader, after the calls changed, and the done routes) and with every raise of
     * {@link #changeMarker}, read strongly consistent;
     * {@code null} when this store keeps none (the caller log then tags its answers by their bytes).
     */
    default String callLogMarker(String organization) {
        return null;
    }

    /**
     * Raises the caller log's change marker of the organization (one write): called after calls of the organization
     * changed, so a reader that sees the new marker reads the changed calls.
     */
    default void raiseCallLogMarker(String organization) {
    }

    /** How many calls were missed on one line on one day, in total and per reason (reasons with none left out). */
    record DayCount(String line, LocalDate day, long count, Map<String, Long> reasons) {
        public DayCount {
            reasons = reasons == null ? Map.of() : Map.copyOf(reasons);
        }
    }

    /** Day counts, and whether they are all of the range's. */
    record Counts(List<DayCount> counts, boolean complete) {
    }
}
