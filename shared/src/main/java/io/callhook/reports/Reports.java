package io.callhook.reports;

import io.callhook.call.MissSettings;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The queue reports' rule: report facts and callback items rolled up into intervals. Pure: the same facts give the
 * same rows, whatever their order. Totals (of one line or of every line) have a row for every interval, with zeros
 * when nothing happened in it; rows per line or per agent exist for the intervals in which that line or agent had a
 * call or callback, so an interval's rows depend on that interval's facts alone.
 */
public final class Reports {

    private Reports() {
    }

    /** One interval's figures of one line ({@code null}: every line together) or one agent. */
    public record Row<F>(ZonedDateTime start, String key, F figures) {
    }

    /**
     * Line rows for the intervals from {@code from} (an interval start) to {@code until} (exclusive): one row per
     * interval ({@code byLine} false: of {@code line}, or of every line together when it is {@code null}), or one
     * per interval and line with a call or callback in it ({@code byLine}), lines in name order.
     */
    public static List<Row<Figures>> lines(Collection<ReportFact> facts, Collection<CallbackOutcome> callbacks,
                                           Granularity granularity, ZonedDateTime from, ZonedDateTime until,
                                           String line, boolean byLine, MissSettings rules) {
        Predicate<String> wanted = name -> line == null || line.equals(name);
        Map<Instant, Map<String, Figures>> table = table(granularity, from, until, !byLine, Figures::new);
        for (ReportFact fact : facts) {
            if (wanted.test(fact.line())) {
                cell(table, granularity, from, fact.startedAt(), byLine ? fact.line() : "", Figures::new)
                        .ifPresent(f -> f.add(fact, rules.forLine(fact.organizationId(), fact.line()).serviceLevel()));
            }
        }
        for (CallbackOutcome item : callbacks) {
            if (!wanted.test(item.line())) {
                continue;
            }
            String key = byLine ? item.line() : "";
            cell(table, granularity, from, item.firstMissedAt(), key, Figures::new).ifPresent(Figures::addOpened);
            if (item.resolvedAt() != null) {
                cell(table, granularity, from, item.resolvedAt(), key, Figures::new)
                        .ifPresent(f -> f.addResolved(item.byCallback(), item.secondsToResolve()));
            }
        }
        return rows(table, from, byLine ? null : line);
    }

    /**
     * Agent rows: one per interval and agent who took or made a call, or resolved a callback by calling, in it;
     * agents in name order. {@code agentOf} names the row a fact's agent goes to ({@code null}: none, e.g. another
     * agent's fact when an agent reads their own figures).
     */
    public static List<Row<AgentFigures>> agents(Collection<ReportFact> facts, Collection<CallbackOutcome> callbacks,
                                                 Granularity granularity, ZonedDateTime from, ZonedDateTime until,
                                                 Function<String, String> agentOf) {
        Map<Instant, Map<String, AgentFigures>> table = table(granularity, from, until, false, AgentFigures::new);
        for (ReportFact fact : facts) {
            String agent = fact.agent() == null ? null : agentOf.apply(fact.agent());
            if (agent != null && fact.outcome() != ReportFact.Outcome.MISSED
                    && fact.outcome() != ReportFact.Outcome.SHORT_ABANDON) {
                cell(table, granularity, from, fact.startedAt(), agent, AgentFigures::new).ifPresent(f -> f.add(fact));
            }
        }
        for (CallbackOutcome item : callbacks) {
            String agent = item.agent() == null ? null : agentOf.apply(item.agent());
            if (agent != null && item.byCallback() && item.resolvedAt() != null) {
                cell(table, granularity, from, item.resolvedAt(), agent, AgentFigures::new)
                        .ifPresent(AgentFigures::addCallbackMade);
            }
        }
        return rows(table, from, null);
    }

    /** A map per interval; holding an empty total (key "") when {@code totals}. */
    private static <F> Map<Instant, Map<String, F>> table(Granularity granularity, ZonedDateTime from,
                                                          ZonedDateTime until, boolean totals, Supplier<F> empty) {
        Map<Instant, Map<String, F>> table = new TreeMap<>();
        for (ZonedDateTime start = from; start.isBefore(until); start = granularity.next(start)) {
            Map<String, F> cells = new TreeMap<>();
            if (totals) {
                cells.put("", empty.get());
            }
            table.put(start.toInstant(), cells);
        }
        return table;
    }

    /** The cell of the interval holding {@code at}, made on first use; empty when {@code at} is outside them. */
    private static <F> Optional<F> cell(Map<Instant, Map<String, F>> table, Granularity granularity,
                                        ZonedDateTime from, Instant at, String key, Supplier<F> empty) {
        Map<String, F> cells = table.get(granularity.start(at, from.getZone()).toInstant());
        return cells == null ? Optional.empty() : Optional.of(cells.computeIfAbsent(key, k -> empty.get()));
    }

    private static <F> List<Row<F>> rows(Map<Instant, Map<String, F>> table, ZonedDateTime from, String line) {
        List<Row<F>> rows = new ArrayList<>();
        table.forEach((start, cells) -> cells.forEach((key, figures) -> rows.add(new Row<>(
                start.atZone(from.getZone()), key.isEmpty() ? line : key, figures))));
        return rows;
    }
}
