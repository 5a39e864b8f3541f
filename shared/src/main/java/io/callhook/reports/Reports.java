package io.callhook.reports;

import io.callhook.call.MissRules;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The queue reports' rule: report facts and callback items rolled up into intervals. Pure: the same facts give the
 * same rows, whatever their order. Every interval from the first to the last is a row, with zeros when nothing
 * happened in it.
 */
public final class Reports {

    private Reports() {
    }

    /** One interval's figures of one line ({@code null}: every line together) or one agent. */
    public record Row<F>(ZonedDateTime start, String key, F figures) {
    }

    /**
     * Line rows for the intervals from {@code from} (an interval start) to {@code until} (exclusive): one row per
     * interval ({@code line} given, or every line together when {@code byLine} is false) or one per interval and
     * line with any call or callback in {@code facts} and {@code callbacks} ({@code byLine}), lines in name order.
     *
     * @param line only this line's facts and callbacks, or {@code null} for every line
     */
    public static List<Row<Figures>> lines(Collection<ReportFact> facts, Collection<CallbackOutcome> callbacks,
                                           Granularity granularity, ZonedDateTime from, ZonedDateTime until,
                                           String line, boolean byLine, MissRules rules) {
        Predicate<String> wanted = name -> line == null || line.equals(name);
        Set<String> keys = new TreeSet<>();
        if (byLine) {
            facts.stream().filter(f -> inRange(f.startedAt(), from, until)).map(ReportFact::line).filter(wanted)
                    .forEach(keys::add);
            callbacks.stream().filter(c -> inRange(c.firstMissedAt(), from, until)
                            || c.resolvedAt() != null && inRange(c.resolvedAt(), from, until))
                    .map(CallbackOutcome::line).filter(wanted).forEach(keys::add);
        }
        Map<Instant, Map<String, Figures>> table = table(granularity, from, until, byLine ? keys : null, Figures::new);
        for (ReportFact fact : facts) {
            if (wanted.test(fact.line())) {
                cell(table, granularity, from, fact.startedAt(), byLine ? fact.line() : "")
                        .ifPresent(f -> f.add(fact, rules.forLine(fact.organizationId(), fact.line()).serviceLevel()));
            }
        }
        for (CallbackOutcome item : callbacks) {
            if (!wanted.test(item.line())) {
                continue;
            }
            String key = byLine ? item.line() : "";
            cell(table, granularity, from, item.firstMissedAt(), key).ifPresent(Figures::addOpened);
            if (item.resolvedAt() != null) {
                cell(table, granularity, from, item.resolvedAt(), key)
                        .ifPresent(f -> f.addResolved(item.byCallback(), item.secondsToResolve()));
            }
        }
        return rows(table, from, byLine ? null : line);
    }

    /**
     * Agent rows: one per interval and agent with any call or callback made in the intervals (or only
     * {@code agents}' own, named by any of their identities, reported under {@code agents}' first), agents in name
     * order.
     */
    public static List<Row<AgentFigures>> agents(Collection<ReportFact> facts, Collection<CallbackOutcome> callbacks,
                                                 Granularity granularity, ZonedDateTime from, ZonedDateTime until,
                                                 Function<String, String> agentOf) {
        Set<String> keys = new TreeSet<>();
        for (ReportFact fact : facts) {
            String agent = fact.agent() == null ? null : agentOf.apply(fact.agent());
            if (agent != null && inRange(fact.startedAt(), from, until) && fact.outcome() != ReportFact.Outcome.MISSED
                    && fact.outcome() != ReportFact.Outcome.SHORT_ABANDON) {
                keys.add(agent);
            }
        }
        for (CallbackOutcome item : callbacks) {
            String agent = item.agent() == null ? null : agentOf.apply(item.agent());
            if (agent != null && item.byCallback() && item.resolvedAt() != null
                    && inRange(item.resolvedAt(), from, until)) {
                keys.add(agent);
            }
        }
        Map<Instant, Map<String, AgentFigures>> table = table(granularity, from, until, keys, AgentFigures::new);
        for (ReportFact fact : facts) {
            String agent = fact.agent() == null ? null : agentOf.apply(fact.agent());
            if (agent != null) {
                cell(table, granularity, from, fact.startedAt(), agent).ifPresent(f -> f.add(fact));
            }
        }
        for (CallbackOutcome item : callbacks) {
            String agent = item.agent() == null ? null : agentOf.apply(item.agent());
            if (agent != null && item.byCallback() && item.resolvedAt() != null) {
                cell(table, granularity, from, item.resolvedAt(), agent).ifPresent(AgentFigures::addCallbackMade);
            }
        }
        return rows(table, from, null);
    }

    private static boolean inRange(Instant at, ZonedDateTime from, ZonedDateTime until) {
        return !at.isBefore(from.toInstant()) && at.isBefore(until.toInstant());
    }

    /** An empty cell per interval and key ({@code keys} null: one cell per interval under the key ""). */
    private static <F> Map<Instant, Map<String, F>> table(Granularity granularity, ZonedDateTime from,
                                                          ZonedDateTime until, Set<String> keys, Supplier<F> empty) {
        Map<Instant, Map<String, F>> table = new TreeMap<>();
        for (ZonedDateTime start = from; start.isBefore(until); start = granularity.next(start)) {
            Map<String, F> cells = new TreeMap<>();
            for (String key : keys == null ? Set.of("") : keys) {
                cells.put(key, empty.get());
            }
            table.put(start.toInstant(), cells);
        }
        return table;
    }

    private static <F> Optional<F> cell(Map<Instant, Map<String, F>> table, Granularity granularity,
                                                  ZonedDateTime from, Instant at, String key) {
        Map<String, F> cells = table.get(granularity.start(at, from.getZone()).toInstant());
        return Optional.ofNullable(cells == null ? null : cells.get(key));
    }

    private static <F> List<Row<F>> rows(Map<Instant, Map<String, F>> table, ZonedDateTime from, String line) {
        List<Row<F>> rows = new ArrayList<>();
        table.forEach((start, cells) -> cells.forEach((key, figures) -> rows.add(new Row<>(
                start.atZone(from.getZone()), key.isEmpty() ? line : key, figures))));
        return rows;
    }
}
