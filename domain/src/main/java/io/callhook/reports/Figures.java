package io.callhook.reports;

import io.callhook.call.MissReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One interval's queue figures of a line (or of every line), added up from report facts and callback items. Sums,
 * counts and maxima add up in any order; the median is taken over every value, so every figure is exact.
 */
public final class Figures {

    private long offered;
    private long answered;
    private long answeredInServiceLevel;
    private long abandoned;
    private long shortAbandoned;
    private long outOfHours;
    private long missed;
    private final Map<MissReason, Long> missedByReason = new EnumMap<>(MissReason.class);
    private long answerWaitMillis;
    private long longestWaitMillis;
    private long talkedCalls;
    private long talkSeconds;
    private long outboundAttempts;
    private long outboundConnects;
    private long callbacksOpened;
    private long callbacksResolved;
    private final List<Long> secondsToCallback = new ArrayList<>();

    /** Adds one call, judged by its line's service-level threshold. */
    public void add(ReportFact fact, Duration serviceLevel) {
        switch (fact.outcome()) {
            case ANSWERED -> {
                offered++;
                answered++;
                answerWaitMillis += fact.waitMillis();
                longestWaitMillis = Math.max(longestWaitMillis, fact.waitMillis());
                if (fact.waitMillis() <= serviceLevel.toMillis()) {
                    answeredInServiceLevel++;
                }
                if (fact.talkSeconds() != null) {
                    talkedCalls++;
                    talkSeconds += fact.talkSeconds();
                }
            }
            case MISSED -> {
                offered++;
                missed++;
                missedByReason.merge(fact.reason(), 1L, Long::sum);
                countAbandons(fact.reason());
            }
            case SHORT_ABANDON -> {
                offered++;
                countAbandons(fact.reason());
            }
            case CONNECTED -> {
                outboundAttempts++;
                outboundConnects++;
            }
            case ATTEMPT -> outboundAttempts++;
            default -> throw new IllegalStateException(fact.outcome().wire());
        }
    }

    private void countAbandons(MissReason reason) {
        if (reason == MissReason.ABANDONED) {
            abandoned++;
        } else if (reason == MissReason.ABANDONED_SHORT) {
            shortAbandoned++;
        } else if (reason == MissReason.OUT_OF_HOURS) {
            outOfHours++;
        }
    }

    /** Adds a callback item whose first miss falls in the interval. */
    public void addOpened() {
        callbacksOpened++;
    }

    /** Adds a callback item resolved in the interval; {@code byCallback} when an agent's call resolved it. */
    public void addResolved(boolean byCallback, long secondsToResolve) {
        callbacksResolved++;
        if (byCallback) {
            secondsToCallback.add(secondsToResolve);
        }
    }

    /**
     * The figures as the API answers them, in this order. Service level: answered within the threshold out of the
     * calls offered, short abandons and calls outside the line's hours left out ({@code null} when none is left).
     */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("offered", offered);
        view.put("answered", answered);
        view.put("answeredInServiceLevel", answeredInServiceLevel);
        long serviceable = offered - shortAbandoned - outOfHours;
        view.put("serviceLevelPercent", serviceable <= 0 ? null : tenths(100.0 * answeredInServiceLevel / serviceable));
        view.put("abandoned", abandoned);
        view.put("shortAbandoned", shortAbandoned);
        view.put("missed", missed);
        Map<String, Long> reasons = new LinkedHashMap<>();
        missedByReason.forEach((reason, count) -> reasons.put(reason.wire(), count));
        view.put("missedByReason", reasons);
        view.put("averageWaitSeconds", answered == 0 ? null : tenths(answerWaitMillis / 1000.0 / answered));
        view.put("longestWaitSeconds", answered == 0 ? null : tenths(longestWaitMillis / 1000.0));
        view.put("averageTalkSeconds", talkedCalls == 0 ? null : tenths((double) talkSeconds / talkedCalls));
        view.put("talkSeconds", talkSeconds);
        view.put("outboundAttempts", outboundAttempts);
        view.put("outboundConnects", outboundConnects);
        view.put("callbacksOpened", callbacksOpened);
        view.put("callbacksResolved", callbacksResolved);
        view.put("medianSecondsToCallback", median(secondsToCallback));
        return view;
    }

    /** The median of the values (the mean of the middle two for an even count), {@code null} for none. */
    static Double median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? (double) sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }

    static double tenths(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
