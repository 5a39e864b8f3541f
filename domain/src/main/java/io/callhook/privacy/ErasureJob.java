package io.callhook.privacy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An erasure job's stored state: which step it is at, where in that step's table it stopped, and what it removed
 * so far per table. Every change is a new state with {@link #rev} one higher, written only over the state it came
 * from, so two runners can never both advance it. {@code number} and {@code countryCode} (what to erase) are kept
 * only until the job is done; the finished job keeps the number's hash alone.
 *
 * @param step {@value #TOMBSTONE}, {@value #WAIT}, a table's name ({@code missedCalls}, ...) or {@value #DONE}
 */
public record ErasureJob(String organization, String jobId, Status status, String step, String cursor, long rev,
                         Map<String, Long> removed, long itemsRead, String number, String countryCode, String hash,
                         Instant erasedAt, String requestedBy, Instant requestedAt, Instant updatedAt,
                         Instant resumeAt, Instant finishedAt) {

    public static final String TOMBSTONE = "tombstone";
    public static final String WAIT = "wait";
    public static final String DONE = "done";

    /** A job's state as answers show it. */
    public enum Status {
        /** Steps are running (the next runs on the last one's write). */
        RUNNING,
        /** Waiting until {@code resumeAt} for every function instance to hold the tombstone. */
        WAITING,
        /** Every table is done; the report is final. */
        DONE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status fromWire(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public ErasureJob {
        removed = Map.copyOf(removed);
    }

    /** A new job at its first step, with nothing removed from any of {@code tables} yet. */
    public static ErasureJob start(String organization, String jobId, NumberMatcher number, String requestedBy,
                                   Instant now, List<String> tables) {
        Map<String, Long> removed = new LinkedHashMap<>();
        tables.forEach(table -> removed.put(table, 0L));
        return new ErasureJob(organization, jobId, Status.RUNNING, TOMBSTONE, null, 0, removed, 0,
                number.canonical(), number.countryCode(), number.hashIn(organization), now, requestedBy, now, now,
                null, null);
    }

    /** The matcher of the number this job erases (only while it is not done). */
    public NumberMatcher matcher() {
        return NumberMatcher.of(number, countryCode);
    }

    /** The next state: at {@code step}, {@code cursor}, in {@code status}, at {@code now}. */
    public ErasureJob next(Status status, String step, String cursor, Map<String, Long> removed, long itemsRead,
                           Instant now, Instant resumeAt) {
        boolean done = status == Status.DONE;
        return new ErasureJob(organization, jobId, status, step, cursor, rev + 1, removed, itemsRead,
                done ? null : number, done ? null : countryCode, hash, erasedAt, requestedBy, requestedAt, now,
                resumeAt, done ? now : null);
    }

    /** The same state written again (one higher {@code rev}): wakes a runner after a failure. */
    public ErasureJob nudged(Instant now) {
        return next(status, step, cursor, removed, itemsRead, now, resumeAt);
    }

    /** The answer's view: no number, no hash. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", jobId);
        view.put("organizationId", organization);
        view.put("state", status.wire());
        view.put("step", step);
        view.put("requestedBy", requestedBy);
        view.put("requestedAt", requestedAt.toString());
        view.put("erasedAt", erasedAt.toString());
        view.put("updatedAt", updatedAt.toString());
        view.put("resumeAt", resumeAt == null ? null : resumeAt.toString());
        view.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        view.put("itemsRead", itemsRead);
        view.put("removed", new LinkedHashMap<>(removed));
        return view;
    }
}
