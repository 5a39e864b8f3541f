package io.callhook.callerlog;

import io.callhook.agent.Agent;
import io.callhook.call.CallRecord;
import io.callhook.call.CallOutcomes;
import io.callhook.call.MissSettings;
import io.callhook.contact.PhoneFormat;
import io.callhook.http.HttpError;
import io.callhook.routing.PhoneNumbers;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The caller log's filters ({@code GET /api/v1/cti/log}): {@code view}, {@code number}, {@code since} and
 * {@code until}, read from the query string and turned into a range of the index and a test of each call. Pure.
 *
 * @param view   which calls: all, missed, open (missed and not done) or mine
 * @param number E.164 of the number asked for ({@code null}: none, or no valid number)
 * @param normal the number in the routing rules' normal form (matches extensions and unparseable values)
 * @param from   the earliest first-heard time, inclusive ({@code null}: open)
 * @param to     the latest first-heard time, inclusive ({@code null}: open)
 */
record HistoryFilter(View view, String number, String normal, Instant from, Instant to) {

    /** The calls a view shows. */
    enum View {
        ALL, MISSED, OPEN, MINE;

        static View of(String value) {
            if (value == null) {
                return ALL;
            }
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw HttpError.unprocessable("view must be all, open, missed or mine");
            }
        }
    }

    /** No filter: the whole log, as before. */
    boolean none() {
        return view == View.ALL && number == null && normal == null && from == null && to == null;
    }

    /**
     * Reads the query's filters; days are read in {@code zone} ({@code since} from the start of its day,
     * {@code until} to the end of its day), instants as given; numbers in {@code region}.
     *
     * @throws HttpError 422 naming the parameter that is wrong
     */
    static HistoryFilter parse(String view, String number, String since, String until, ZoneId zone, String region) {
        String e164 = null;
        String normal = null;
        if (number != null) {
            e164 = PhoneFormat.e164(number, region);
            normal = PhoneNumbers.normalise(number);
            if (e164 == null && normal == null) {
                throw HttpError.unprocessable("number must be a phone number (any spelling: +49 30 123, 030 123)");
            }
        }
        Instant from = time("since", since, zone, false);
        Instant to = time("until", until, zone, true);
        if (from != null && to != null && to.isBefore(from)) {
            throw HttpError.unprocessable("until must not be before since");
        }
        return new HistoryFilter(View.of(view), e164, normal, from, to);
    }

    /** The test of each call read, for {@code agent} (whose identities make "mine"), by the lines' rules. */
    Predicate<CallRecord> test(Agent agent, MissSettings rules, String region) {
        Set<String> identities = agent.identities();
        return call -> switch (view) {
            case ALL -> true;
            case MISSED -> CallOutcomes.isMissed(call, rules);
            case OPEN -> CallOutcomes.isMissed(call, rules) && !CallOutcomes.isDone(call, rules);
            case MINE -> call.answeredBy() != null ? identities.contains(call.answeredBy())
                    : call.users().stream().anyMatch(identities::contains);
        } && (number == null && normal == null || matches(call.from(), region) || matches(call.to(), region));
    }

    private boolean matches(String value, String region) {
        if (value == null) {
            return false;
        }
        if (number != null && number.equals(PhoneFormat.e164(value, region))) {
            return true;
        }
        return normal != null && normal.equals(PhoneNumbers.normalise(value));
    }

    private static Instant time(String name, String value, ZoneId zone, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                if (day.getYear() >= 1970 && day.getYear() <= 9999) {
                    return endOfDay ? day.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1)
                            : day.atStartOfDay(zone).toInstant();
                }
            } else {
                Instant instant = Instant.parse(value);
                if (instant.getEpochSecond() >= 0 && instant.getEpochSecond() < 253402300800L) {
                    return instant;
                }
            }
        } catch (DateTimeException e) {
            // refused below
        }
        throw HttpError.unprocessable(name + " must be a day (YYYY-MM-DD, in the organization's time zone) or an"
                + " instant (2026-12-06T08:00:00Z)");
    }
}
