package io.callhook.callerlog;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.call.MissReason;
import io.callhook.call.MissSettings;
import io.callhook.http.ApiRequest;
import io.callhook.http.FieldLimits;
import io.callhook.http.HttpError;
import io.callhook.http.Responses;
import io.callhook.json.JsonSizes;
import io.callhook.reports.AgentFigures;
import io.callhook.reports.CallbackOutcome;
import io.callhook.reports.Figures;
import io.callhook.reports.Granularity;
import io.callhook.reports.ReportFact;
import io.callhook.config.ReportSettings;
import io.callhook.store.ReportStore;
import io.callhook.reports.Reports;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.DateTimeException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The queue reports: {@code GET /api/v1/reports} (a line's, or every line's, figures per interval) and
 * {@code GET /api/v1/reports/agents} (per agent and interval), in JSON or, for {@code Accept: text/csv}, CSV. Days
 * and intervals are the organization's ({@link ReportSettings#zone}). Rows come in pages of at most {@code limit}
 * rows and the handler's byte limit, continued by {@code nextToken} (in CSV, the {@code X-Next-Token} header); each
 * page reads only its own intervals' facts. Line figures are for supervisors ({@link ReportSettings#supervises});
 * any other agent reads only their own agent figures.
 */
final class ReportRoutes {

    static final String LINES = "GET /api/v1/reports";
    static final String AGENTS = "GET /api/v1/reports/agents";
    static final Set<String> ROUTES = Set.of(LINES, AGENTS);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_RANGE_DAYS = 366;
    static final String CSV = "text/csv";
    static final String NEXT_TOKEN_HEADER = "x-next-token";
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final List<String> REASONS = Arrays.stream(MissReason.values()).map(MissReason::wire).toList();

    private final ReportStore store;
    private final ReportSettings settings;
    private final java.util.function.Function<String, ZoneId> organizationZone;
    private final Supplier<MissSettings> rules;
    private final Clock clock;
    private final int maxResponseBytes;

    /**
     * @param organizationZone an organization's time zone setting ({@code OrganizationSettings}), used where
     *                         {@code settings} names no zone for the organization
     */
    ReportRoutes(ReportStore store, ReportSettings settings,
                 java.util.function.Function<String, ZoneId> organizationZone, Supplier<MissSettings> rules,
                 Clock clock, int maxResponseBytes) {
        this.store = store;
        this.settings = settings;
        this.organizationZone = organizationZone;
        this.rules = rules;
        this.clock = clock;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** The query every report route takes, checked. */
    private record Query(String organizationId, ZoneId zone, LocalDate since, LocalDate until, Granularity granularity,
                         int limit, ZonedDateTime from, ZonedDateTime to, ZonedDateTime pageStart, int skip,
                         boolean csv) {
    }

    APIGatewayV2HTTPResponse handle(String route, ApiRequest request, Agent agent) {
        Query query = query(request, agent);
        return route.equals(LINES) ? lines(request, agent, query) : agents(request, agent, query);
    }

    private APIGatewayV2HTTPResponse lines(ApiRequest request, Agent agent, Query query) {
        if (!settings.supervises(agent)) {
            throw HttpError.forbidden("line reports are for supervisors (ReportSupervisors); "
                    + "your own figures: /api/v1/reports/agents");
        }
        String line = FieldLimits.optional("line", request.queryParameter("line"));
        String by = request.queryParameter("by");
        if (by != null && !by.equals("line")) {
            throw HttpError.unprocessable("by must be line (a row per line) or left out");
        }
        boolean byLine = by != null;
        ZonedDateTime windowEnd = windowEnd(query);
        List<ReportFact> facts = store.facts(query.organizationId(), line, query.pageStart().toInstant(),
                windowEnd.toInstant());
        List<CallbackOutcome> callbacks = store.callbacks(query.organizationId(), lines(facts, line),
                query.pageStart().toInstant(), windowEnd.toInstant(), today());
        List<Reports.Row<Figures>> rows = Reports.lines(facts, callbacks, query.granularity(),
                query.pageStart(), windowEnd, line, byLine, rules.get());
        Map<String, Object> head = head(query);
        head.put("line", line);
        head.put("by", by);
        return page(query, head, rows.stream().map(row -> row(row.start(), "line", row.key(),
                row.figures().view())).toList(), windowEnd,
                row(query.from(), "line", null, new Figures().view()).keySet());
    }

    private APIGatewayV2HTTPResponse agents(ApiRequest request, Agent agent, Query query) {
        String named = FieldLimits.optional("agent", request.queryParameter("agent"));
        Function<String, String> agentOf;
        String reported;
        if (settings.supervises(agent)) {
            agentOf = named == null ? name -> name : name -> named.equals(name) ? name : null;
            reported = named;
        } else {
            if (named != null && !named.equals(agent.id())) {
                throw HttpError.forbidden("you may read your own figures only (agent " + agent.id() + ")");
            }
            Set<String> mine = agent.identities();
            agentOf = name -> mine.contains(name) ? agent.id() : null;
            reported = agent.id();
        }
        ZonedDateTime windowEnd = windowEnd(query);
        List<ReportFact> facts = store.facts(query.organizationId(), null, query.pageStart().toInstant(),
                windowEnd.toInstant());
        List<CallbackOutcome> callbacks = store.callbacks(query.organizationId(), lines(facts, null),
                query.pageStart().toInstant(), windowEnd.toInstant(), today());
        List<Reports.Row<AgentFigures>> rows = Reports.agents(facts, callbacks,
                query.granularity(), query.pageStart(), windowEnd, agentOf);
        Map<String, Object> head = head(query);
        head.put("agent", reported);
        return page(query, head, rows.stream().map(row -> row(row.start(), "agent", row.key(),
                row.figures().view())).toList(), windowEnd,
                row(query.from(), "agent", null, new AgentFigures().view()).keySet());
    }

    private static Set<String> lines(List<ReportFact> facts, String line) {
        Set<String> lines = new TreeSet<>();
        if (line != null) {
            lines.add(line);
        } else {
            facts.forEach(fact -> lines.add(fact.line()));
        }
        return lines;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private static Map<String, Object> row(ZonedDateTime start, String keyName, String key,
                                           Map<String, Object> figures) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("start", START.format(start));
        row.put(keyName, key);
        row.putAll(figures);
        return row;
    }

    private static Map<String, Object> head(Query query) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("since", query.since().toString());
        head.put("until", query.until().toString());
        head.put("granularity", query.granularity().wire());
        head.put("timeZone", query.zone().getId());
        return head;
    }

    /** The end of a page's window: {@code limit} intervals after its start, at most the range's end. */
    private static ZonedDateTime windowEnd(Query query) {
        ZonedDateTime end = query.pageStart();
        for (int i = 0; i < query.limit() && end.isBefore(query.to()); i++) {
            end = query.granularity().next(end);
        }
        return end;
    }

    /**
     * The page: the window's rows after the {@code skip} already sent of its first interval, up to {@code limit}
     * rows and the byte limit (the first row always); the token names the interval and the rows of it sent.
     */
    private APIGatewayV2HTTPResponse page(Query query, Map<String, Object> head, List<Map<String, Object>> rows,
                                          ZonedDateTime windowEnd, Set<String> columns) {
        List<Map<String, Object>> page = new ArrayList<>();
        long used = JsonSizes.of(head) + 64;
        String next = null;
        String firstStart = START.format(query.pageStart());
        int skipped = 0;
        for (Map<String, Object> row : rows) {
            if (row.get("start").equals(firstStart) && skipped < query.skip()) {
                skipped++;
                continue;
            }
            long size = query.csv() ? csvLine(row).getBytes(StandardCharsets.UTF_8).length : JsonSizes.of(row) + 1;
            if (!page.isEmpty() && (page.size() == query.limit() || used + size > maxResponseBytes)) {
                next = token(row, page, query);
                break;
            }
            page.add(row);
            used += size;
        }
        if (next == null && windowEnd.isBefore(query.to())) {
            next = windowEnd.toInstant().toEpochMilli() + ".0";
        }
        if (query.csv()) {
            StringBuilder csv = new StringBuilder(csvHeader(columns)).append("\r\n");
            page.forEach(row -> csv.append(csvLine(row)));
            APIGatewayV2HTTPResponse response = Responses.of(200, CSV + "; charset=utf-8", csv.toString());
            return next == null ? response : Responses.withHeaders(response, Map.of(NEXT_TOKEN_HEADER, next));
        }
        Map<String, Object> body = new LinkedHashMap<>(head);
        body.put("rows", page);
        body.put("count", page.size());
        body.put("nextToken", next);
        return Responses.json(200, body);
    }

    /** The token of the page starting at {@code row}: its interval, and how many of that interval's rows are sent. */
    private static String token(Map<String, Object> row, List<Map<String, Object>> page, Query query) {
        Object start = row.get("start");
        long sent = page.stream().filter(r -> r.get("start").equals(start)).count()
                + (start.equals(START.format(query.pageStart())) ? query.skip() : 0);
        return ZonedDateTime.parse((String) start, START).toInstant().toEpochMilli() + "." + sent;
    }


    /** The CSV header: the row's fields in order, {@code missedByReason} as one column per reason. */
    private static String csvHeader(Set<String> names) {
        List<String> columns = new ArrayList<>();
        for (String name : names) {
            if (name.equals("missedByReason")) {
                REASONS.forEach(reason -> columns.add("missed_" + reason));
            } else {
                columns.add(name);
            }
        }
        return String.join(",", columns);
    }

    /** One CSV line (RFC 4180: fields with a comma, quote or line break quoted, quotes doubled), CRLF ended. */
    static String csvLine(Map<String, Object> row) {
        List<String> fields = new ArrayList<>();
        row.forEach((name, value) -> {
            if (value instanceof Map<?, ?> reasons) {
                REASONS.forEach(reason -> fields.add(String.valueOf(
                        reasons.get(reason) == null ? 0 : reasons.get(reason))));
            } else {
                fields.add(csvField(value));
            }
        });
        return String.join(",", fields) + "\r\n";
    }

    private static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                ? Long.toString(d.longValue()) : String.valueOf(value);
        // a leading = + - @ would be a formula to a spreadsheet: quote it with a leading apostrophe
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private Query query(ApiRequest request, Agent agent) {
        String organizationId = agent.organizationId();
        ZoneId zone = settings.namesZone(organizationId) ? settings.zone(organizationId)
                : organizationZone.apply(organizationId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate since = CallerLogHandler.day("since", request.queryParameter("since"), today);
        LocalDate until = CallerLogHandler.day("until", request.queryParameter("until"), today);
        if (until.isBefore(since)) {
            throw HttpError.unprocessable("until must not be before since");
        }
        if (ChronoUnit.DAYS.between(since, until) + 1 > MAX_RANGE_DAYS) {
            throw HttpError.unprocessable("since and until may be at most " + MAX_RANGE_DAYS + " days apart");
        }
        String name = request.queryParameter("granularity");
        Granularity granularity = name == null ? Granularity.DAY : Granularity.fromWire(name);
        if (granularity == null) {
            throw HttpError.unprocessable("granularity must be 15m, hour, day, week or month");
        }
        int limit = limit(request.queryParameter("limit"));
        ZonedDateTime from = granularity.start(since.atStartOfDay(zone).toInstant(), zone);
        ZonedDateTime to = until.plusDays(1).atStartOfDay(zone);
        ZonedDateTime last = granularity.start(to.toInstant().minusMillis(1), zone);
        to = granularity.next(last);
        ZonedDateTime pageStart = from;
        int skip = 0;
        String token = CallerLogHandler.nextToken(request);
        if (token != null) {
            String[] parts = token.split("\\.", -1);
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                pageStart = Instant.ofEpochMilli(Long.parseLong(parts[0])).atZone(zone);
                skip = Integer.parseInt(parts[1]);
            } catch (NumberFormatException | DateTimeException e) {
                throw HttpError.unprocessable("nextToken is not valid for this list; start again without it");
            }
            if (skip < 0 || pageStart.isBefore(from) || !pageStart.isBefore(to)
                    || !granularity.start(pageStart.toInstant(), zone).equals(pageStart)) {
                throw HttpError.unprocessable("nextToken is not valid for this list; start again without it");
            }
        }
        boolean csv = accepts(request.header("accept"));
        return new Query(organizationId, zone, since, until, granularity, limit, from, to, pageStart, skip, csv);
    }

    /** Whether the client asks for CSV: {@code text/csv} among the media types it accepts. */
    static boolean accepts(String accept) {
        if (accept == null) {
            return false;
        }
        for (String type : accept.split(",")) {
            if (type.split(";")[0].strip().equalsIgnoreCase(CSV)) {
                return true;
            }
        }
        return false;
    }

    static int limit(String value) {
        return CallerLogHandler.limit(value, DEFAULT_LIMIT, MAX_LIMIT);
    }
}
