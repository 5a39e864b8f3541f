package io.callhook.worklist;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The callback worklist of one organization, line and number as a pure function of its stored facts: the calls'
 * {@link CallbackFact}s and the closures by hand. The same facts give the same items whatever order they arrived
 * in, so a store that recomputes on every change and keeps the latest computation converges under replays and
 * reorderings.
 *
 * <p>Facts are ordered by call time (ties by call id). Boundaries are the closures and the calls that connected with
 * the number after a miss (a connected call with no miss since the last boundary ends nothing and is none). Each
 * run of misses between two boundaries is one item, keyed by the boundary before it ({@code 0} for the first). Its
 * state: closed if a closure names it or if the boundary after it is a closure; else resolved if the boundary after
 * it is a connecting call (with how, which call, the agent and the time from the first miss); else open. Unanswered
 * outbound attempts after an item's first miss and before its end are counted on it.
 *
 * <p>So a late answer to an item's first miss takes that miss out, and the item keeps its key (its id, and the claim
 * the store keeps with it) and its other misses; only an item left with no miss disappears. A late answer to a
 * later miss resolves the misses before it, and the misses after it make the next item, as if the answer had been
 * heard in time. An item's key moves only when the item before it loses its last miss.
 */
public final class WorklistFromFacts {

    /** The key of the first item of a line and number. */
    public static final String FIRST_KEY = "0";

    private WorklistFromFacts() {
    }

    /** The items the facts of one line and number make, oldest first. */
    public static List<CallbackItem> items(String organizationId, String line, String subject,
                                           Collection<CallbackFact> facts, Collection<CallbackClosure> closures) {
        return run(organizationId, line, subject, FIRST_KEY, facts, closures, closed(closures)).items();
    }

    /**
     * A point after which nothing is pending: every item before it ended there or earlier, and the next item takes
     * {@code key}. Its {@code order} is as {@link #order}. The start of the axis is no point ({@code order} null,
     * key {@link #FIRST_KEY}).
     */
    public record Base(String order, String key) {

        /** The start of a line and number's axis. */
        public static final Base START = new Base(null, FIRST_KEY);
    }

    /** What the points after a {@link Base} make: their items, their boundaries (in order) and the tail. */
    public record Run(List<CallbackItem> items, List<Base> boundaries, Tail tail) {
    }

    /**
     * The items, boundaries and tail that {@code facts} and the closures {@code points} (all after the base whose
     * next key is {@code baseKey}) make; {@code closed} names the closure of each closed item key (a closure may sit
     * before the base and close an item after it). With the base at the start and every fact and closure, this is
     * {@link #items}: the points after a base make the same items whatever came before it, because nothing before a
     * base is pending at it. {@code tail} is {@code null} without points.
     */
    public static Run run(String organizationId, String line, String subject, String baseKey,
                          Collection<CallbackFact> facts, Collection<CallbackClosure> points,
                          Map<String, CallbackClosure> closed) {
        List<Point> sorted = new ArrayList<>();
        facts.stream().filter(f -> f.kind() != CallbackFact.Kind.ATTEMPT)
                .forEach(f -> sorted.add(new Point(f.at(), f.callId(), f, null)));
        points.forEach(c -> sorted.add(new Point(c.at(), c.nextKey(), null, c)));
        sorted.sort(Point.ORDER);

        List<CallbackItem> items = new ArrayList<>();
        List<Base> boundaries = new ArrayList<>();
        String key = baseKey;
        List<Point> misses = new ArrayList<>();
        for (Point point : sorted) {
            if (point.fact() != null && point.fact().kind() == CallbackFact.Kind.MISS) {
                misses.add(point);
                continue;
            }
            if (misses.isEmpty() && point.fact() != null) {
                // A connected call with no miss before it ends no item, so it is no boundary: a miss whose answer
                // is heard late leaves its item, which keeps its key (its id and claim) and the misses after it.
                continue;
            }
            if (!misses.isEmpty()) {
                items.add(item(organizationId, line, subject, key, misses, point, closed.get(key), facts));
                misses = new ArrayList<>();
            }
            key = point.fact() != null ? "c" + point.fact().callId() : point.closure().nextKey();
            boundaries.add(new Base(order(point.at(), point.tie()), key));
        }
        if (!misses.isEmpty()) {
            items.add(item(organizationId, line, subject, key, misses, null, closed.get(key), facts));
        }
        List<Point> all = new ArrayList<>();
        facts.forEach(f -> all.add(new Point(f.at(), f.callId(), f, null)));
        points.forEach(c -> all.add(new Point(c.at(), c.nextKey(), null, c)));
        Tail tail = null;
        if (!all.isEmpty()) {
            Point last = all.stream().max(Point.ORDER).orElseThrow();
            tail = new Tail(order(last.at(), last.tie()), key, !misses.isEmpty());
        }
        return new Run(items, boundaries, tail);
    }

    /**
     * The closures keyed as they would have been had these facts always been one line and number's: each names the
     * key of the item open (or the last boundary's) at its time, as {@link #run} reaches it, so two groups' facts and
     * closures merged into one make distinct keys. Order as given by time; a closure at the very time of another
     * point keeps its old place among them.
     */
    public static List<CallbackClosure> rekeyed(Collection<CallbackFact> facts, Collection<CallbackClosure> closures) {
        List<Point> sorted = new ArrayList<>();
        facts.stream().filter(f -> f.kind() != CallbackFact.Kind.ATTEMPT)
                .forEach(f -> sorted.add(new Point(f.at(), f.callId(), f, null)));
        closures.forEach(c -> sorted.add(new Point(c.at(), c.nextKey(), null, c)));
        sorted.sort(Point.ORDER);
        List<CallbackClosure> rekeyed = new ArrayList<>();
        String key = FIRST_KEY;
        boolean pending = false;
        for (Point point : sorted) {
            if (point.closure() != null) {
                CallbackClosure closure = new CallbackClosure(key, point.at(), point.closure().reason(),
                        point.closure().agent());
                rekeyed.add(closure);
                key = closure.nextKey();
                pending = false;
            } else if (point.fact().kind() == CallbackFact.Kind.MISS) {
                pending = true;
            } else if (pending) {
                key = "c" + point.fact().callId();
                pending = false;
            }
        }
        return rekeyed;
    }

    /** The closure of each closed item key (the first, if two name one). */
    public static Map<String, CallbackClosure> closed(Collection<CallbackClosure> closures) {
        return closures.stream()
                .collect(Collectors.toMap(CallbackClosure::itemKey, Function.identity(), (a, b) -> a));
    }

    private static CallbackItem item(String organizationId, String line, String subject, String key,
                                     List<Point> misses, Point end, CallbackClosure closure,
                                     Collection<CallbackFact> facts) {
        Point first = misses.get(0);
        List<CallbackFact> attempts = facts.stream()
                .filter(f -> f.kind() == CallbackFact.Kind.ATTEMPT)
                .filter(f -> {
                    Point at = new Point(f.at(), f.callId(), f, null);
                    return Point.ORDER.compare(at, first) > 0 && (end == null || Point.ORDER.compare(at, end) < 0);
                })
                .sorted(Comparator.comparing(CallbackFact::at))
                .toList();
        CallbackItem.Resolution resolution = null;
        CallbackItem.State state = CallbackItem.State.OPEN;
        if (end != null && end.fact() != null) {
            resolution = resolution(end.fact(), first.at());
            state = CallbackItem.State.RESOLVED;
        }
        if (closure == null && end != null && end.closure() != null) {
            closure = end.closure();
        }
        if (closure != null) {
            state = CallbackItem.State.CLOSED;
        }
        Instant expires = null;
        for (Point miss : misses) {
            Instant e = miss.fact().expiresAt();
            expires = e == null ? expires : expires == null || e.isAfter(expires) ? e : expires;
        }
        return CallbackItem.of(organizationId, line, subject, key, state,
                misses.stream().map(m -> new CallbackItem.Miss(m.fact().callId(), m.at())).toList(),
                attempts.size(), attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).at(), resolution,
                closure, expires);
    }

    /** How a connecting call resolves an item whose first miss was at {@code firstMissedAt}. */
    public static CallbackItem.Resolution resolution(CallbackFact by, Instant firstMissedAt) {
        Instant at = by.connectedAt() != null ? by.connectedAt() : by.at();
        return new CallbackItem.Resolution(by.kind(), by.callId(), by.agent(), at,
                Math.max(0, Duration.between(firstMissedAt, at).getSeconds()));
    }

    /**
     * Where the facts of a line and number end: the newest point of all (facts of every kind and closures, as
     * {@link #order}), the key the next item would take, and whether the last run of misses is still open (its item
     * has that key). A fact ordered after {@code at} changes only the open item, or opens the next one.
     */
    public record Tail(String at, String key, boolean pending) {
    }

    /** The tail of these facts and closures ({@code null} for none). */
    public static Tail tail(Collection<CallbackFact> facts, Collection<CallbackClosure> closures) {
        List<Point> points = new ArrayList<>();
        facts.forEach(f -> points.add(new Point(f.at(), f.callId(), f, null)));
        closures.forEach(c -> points.add(new Point(c.at(), c.nextKey(), null, c)));
        if (points.isEmpty()) {
            return null;
        }
        points.sort(Point.ORDER);
        String key = FIRST_KEY;
        boolean pending = false;
        for (Point point : points) {
            if (point.fact() != null && point.fact().kind() == CallbackFact.Kind.MISS) {
                pending = true;
            } else if (point.closure() != null) {
                key = point.closure().nextKey();
                pending = false;
            } else if (point.fact().kind().connects() && pending) {
                key = "c" + point.fact().callId();
                pending = false;
            }
        }
        Point last = points.get(points.size() - 1);
        return new Tail(order(last.at(), last.tie()), key, pending);
    }

    /** A point's place on the time axis as text that sorts as {@link Point#ORDER} does (times from 1970 on). */
    public static String order(Instant at, String tie) {
        return String.format("%013d#%s", at.toEpochMilli(), tie);
    }

    /** The place of a fact on the time axis ({@link #order}). */
    public static String order(CallbackFact fact) {
        return order(fact.at(), fact.callId());
    }

    /** A miss or a boundary on the line's time axis. */
    private record Point(Instant at, String tie, CallbackFact fact, CallbackClosure closure) {
        static final Comparator<Point> ORDER = Comparator.comparing(Point::at).thenComparing(Point::tie);
    }
}
