package io.callhook.store;

import io.callhook.call.MissedCall;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Missed calls and how many there were per line per day. Exact under re-delivery: listing an entry that is
 * already listed, or retracting one that is not, changes nothing, and counts move only with their entries.
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

    /** Entries of one line ({@code null}: every line) that started in {@code [since, until)}, newest first. */
    List<MissedCall> entries(String line, Instant since, Instant until, int limit);

    /** Missed calls per line per UTC day for days in {@code [since, until]}, by day then line. */
    List<DayCount> counts(String line, LocalDate since, LocalDate until);

    /** How many calls were missed on one line on one day. */
    record DayCount(String line, LocalDate day, long count) {
    }
}
