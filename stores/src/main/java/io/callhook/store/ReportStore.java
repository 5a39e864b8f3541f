package io.callhook.store;

import io.callhook.reports.CallbackOutcome;
import io.callhook.reports.ReportFact;
import io.callhook.reports.Reports;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The queue reports' facts: per call, its current {@link ReportFact}, replaced only by a newer version of the call,
 * so replays and any order of a call's changes leave what its newest image says. Read back by the time the calls
 * started; every figure is added up at read time ({@link Reports}).
 */
public interface ReportStore {

    /**
     * Applies one change of a call: what its image before the change and after it mean. Nothing is written when both
     * mean the same; otherwise the new fact is stored, and a fact stored under another key (the call's start moved)
     * is replaced by a tombstone, each unless a newer {@code version} of the call is stored there already.
     */
    void record(Optional<ReportFact> before, Optional<ReportFact> after, String version);

    /** The organization's facts of calls that started in {@code [from, to)}, of one line or (null) every line. */
    List<ReportFact> facts(String organizationId, String line, Instant from, Instant to);

    /**
     * The callback items of the organization's {@code lines} that were first missed or resolved in
     * {@code [from, to)}: those open now and those resolved from {@code from}'s UTC day to {@code today}.
     */
    List<CallbackOutcome> callbacks(String organizationId, Set<String> lines, Instant from, Instant to,
                                    LocalDate today);

    /** A store that keeps nothing. */
    ReportStore NONE = new ReportStore() {
        @Override
        public void record(Optional<ReportFact> before, Optional<ReportFact> after, String version) {
        }

        @Override
        public List<ReportFact> facts(String organizationId, String line, Instant from, Instant to) {
            return List.of();
        }

        @Override
        public List<CallbackOutcome> callbacks(String organizationId, Set<String> lines, Instant from, Instant to,
                                               LocalDate today) {
            return List.of();
        }
    };
}
