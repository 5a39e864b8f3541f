// Property test of the queue reports, end to end below HTTP: a seeded generator makes realistic days (morning and
// afternoon peaks, answers in and out of the service level, abandons short and long, busy, no answer, voicemail,
// forwarded calls, hangups callhook inferred before the real ones arrived, callbacks and callers calling again).
// Their webhook events are applied in a shuffled order (late answers, starts heard last) by the real call store on
// the DynamoDB engine; every stream record that makes is handed to the real stream function (MissedCallsHandler,
// built from the template's environment) shuffled again, repeated and cut into batches; then the real caller-log
// handler answers GET /api/v1/reports and /api/v1/reports/agents in every granularity. Its rows must equal the
// figures this test computes from the generator's own description of each call, without any callhook rule.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.callerlog.CallerLogHandler;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.json.Json;
import io.callhook.missed.MissedCallsHandler;
import io.callhook.config.ReportSettings;
import io.callhook.store.CallItemLayout;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.StreamRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportsPropertyTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final LocalDate DAY = LocalDate.parse("2026-11-23");
    static final String TOKEN = "supervisor-token-9Xw2Lq7Vb3Nm";
    /** support counts short abandons as missed (the default), sales leaves them out; thresholds 20 s and 30 s. */
    static final String LINE_RULES = "{\"*\": {\"serviceLevelSeconds\": 20}, "
            + "\"sales\": {\"countShortAbandons\": false, \"serviceLevelSeconds\": 30}}";
    static final Map<String, Long> SERVICE_LEVEL = Map.of("support", 20L, "sales", 30L);
    static final String[] LINES = {"support", "sales"};
    static final String[] AGENTS = {"emma", "liam", "noah"};
    /** Calls started per local hour of the day: a morning and an afternoon peak. */
    static final int[] HOURLY = {0, 0, 0, 0, 0, 0, 0, 1, 4, 8, 9, 6, 3, 4, 7, 8, 5, 2, 1, 0, 0, 0, 0, 0};
    static final List<String> REASONS = List.of("abandoned_short", "abandoned", "no_answer", "busy", "rejected",
            "out_of_hours", "voicemail", "unreachable", "unknown");

    enum Kind { ANSWERED, ABANDONED, BUSY, NO_ANSWER, VOICEMAIL, FORWARDED, INFERRED_ANSWERED, INFERRED_MISSED,
        OUTBOUND_CONNECTED, OUTBOUND_ATTEMPT }

    /** One generated call as the generator means it: its line, caller, times (whole seconds) and who took it. */
    record Call(String id, Kind kind, String line, String number, Instant ring, long waitSeconds, long talkSeconds,
                String agent, String forwardedTo) {
        Instant answeredAt() {
            return ring.plusSeconds(waitSeconds);
        }

        Instant endedAt() {
            return switch (kind) {
                case ANSWERED, VOICEMAIL, INFERRED_ANSWERED, OUTBOUND_CONNECTED -> answeredAt().plusSeconds(
                        talkSeconds);
                case INFERRED_MISSED -> ring;
                default -> ring.plusSeconds(waitSeconds);
            };
        }

        /** The reason this test expects the call was missed for, or null when it was not missed. */
        String missReason() {
            return switch (kind) {
                case ABANDONED -> waitSeconds <= 5 ? (line.equals("support") ? "abandoned_short" : null)
                        : "abandoned";
                case BUSY -> "busy";
                case NO_ANSWER -> "no_answer";
                case VOICEMAIL -> "voicemail";
                case INFERRED_MISSED -> "unknown";
                default -> null;
            };
        }
    }

    /** A callback item as this test expects it: opened by a miss, resolved (or not) by a later connecting call. */
    record Item(String line, Instant firstMissedAt, Instant resolvedAt, boolean byCallback, String agent) {
    }

    /** A generated day: its calls (a forwarded call's second leg is its own call) and the callback items. */
    record Day(List<Call> calls, List<Item> items) {
    }

    static Day generate(Random random) {
        List<Call> calls = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        int n = 0;
        for (int hour = 0; hour < 24; hour++) {
            for (int i = 0; i < HOURLY[hour]; i++) {
                Instant ring = DAY.atTime(hour, random.nextInt(60), random.nextInt(60)).atZone(BERLIN).toInstant();
                String id = "c" + n++;
                String line = LINES[random.nextInt(2)];
                String number = "+4930" + (100000 + n);
                String agent = AGENTS[random.nextInt(AGENTS.length)];
                Kind kind = Kind.values()[pick(random, new int[] {40, 12, 4, 4, 4, 5, 4, 3, 6, 3})];
                long wait = switch (kind) {
                    case ABANDONED -> 1 + random.nextInt(random.nextBoolean() ? 5 : 90);
                    case OUTBOUND_CONNECTED -> 10;
                    case OUTBOUND_ATTEMPT -> 30;
                    default -> random.nextInt(60);
                };
                long talk = 30 + random.nextInt(600);
                if (kind == Kind.FORWARDED) {
                    String to = LINES[random.nextInt(2)];
                    calls.add(new Call(id, kind, line, number, ring, wait, 0, null, id + "-leg"));
                    calls.add(new Call(id + "-leg", Kind.ANSWERED, to, number, ring.plusSeconds(wait),
                            random.nextInt(40), talk, agent, null));
                    continue;
                }
                Call call = new Call(id, kind, line, number, ring, wait, talk, agent, null);
                calls.add(call);
                if (call.missReason() != null) {
                    // a missed caller: called back (answered or not), calls again, or waits
                    int next = random.nextInt(4);
                    Instant later = call.endedAt().plusSeconds(60L * (1 + random.nextInt(90)));
                    String by = AGENTS[random.nextInt(AGENTS.length)];
                    if (next == 0) {
                        Call back = new Call(id + "-back", Kind.OUTBOUND_CONNECTED, line, number, later, 10,
                                30 + random.nextInt(300), by, null);
                        calls.add(back);
                        items.add(new Item(line, ring, back.answeredAt(), true, by));
                    } else if (next == 1) {
                        Call again = new Call(id + "-again", Kind.ANSWERED, line, number, later, random.nextInt(40),
                                60, by, null);
                        calls.add(again);
                        items.add(new Item(line, ring, again.answeredAt(), false, by));
                    } else if (next == 2) {
                        calls.add(new Call(id + "-try", Kind.OUTBOUND_ATTEMPT, line, number, later, 30, 0, by, null));
                        items.add(new Item(line, ring, null, false, null));
                    } else {
                        items.add(new Item(line, ring, null, false, null));
                    }
                }
            }
        }
        return new Day(calls, items);
    }

    static int pick(Random random, int[] weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int at = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            at -= weights[i];
            if (at < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** The webhook events of one call, in the order a phone system sends them. */
    static List<CallEvent> events(Call call) {
        List<CallEvent> events = new ArrayList<>();
        boolean outbound = call.kind() == Kind.OUTBOUND_CONNECTED || call.kind() == Kind.OUTBOUND_ATTEMPT;
        Direction direction = outbound ? Direction.OUT : Direction.IN;
        CallEvent.Builder ring = CallEvent.builder(call.id(), "pbx", EventType.NEW_CALL, call.ring())
                .direction(direction).from(outbound ? "+4922100" : call.number())
                .to(outbound ? call.number() : "+4922100").queue(call.line()).ringingAt(call.ring());
        if (outbound) {
            ring.users(java.util.Set.of(call.agent()));
        }
        if (call.id().endsWith("-leg")) {
            ring.previousCallId(call.id().substring(0, call.id().length() - "-leg".length()));
        }
        events.add(ring.build());
        switch (call.kind()) {
            case ANSWERED, VOICEMAIL, OUTBOUND_CONNECTED, INFERRED_ANSWERED -> {
                String by = call.kind() == Kind.VOICEMAIL ? "voicemail"
                        : outbound ? call.number() : call.agent();
                events.add(CallEvent.builder(call.id(), "pbx", EventType.ANSWER, call.answeredAt())
                        .direction(direction).answeredAt(call.answeredAt()).answeredBy(by).build());
                if (call.kind() == Kind.INFERRED_ANSWERED) {
                    events.add(CallEvent.builder(call.id(), "pbx", EventType.INFERRED_HANGUP,
                            call.answeredAt().plusSeconds(1800)).endedAt(call.answeredAt()).build());
                }
                events.add(hangup(call, direction, Cause.NORMAL));
            }
            case ABANDONED -> events.add(hangup(call, direction, Cause.CANCEL));
            case BUSY -> events.add(hangup(call, direction, Cause.BUSY));
            case NO_ANSWER, OUTBOUND_ATTEMPT -> events.add(hangup(call, direction, Cause.NO_ANSWER));
            case FORWARDED -> events.add(hangup(call, direction, Cause.FORWARDED));
            case INFERRED_MISSED -> events.add(CallEvent.builder(call.id(), "pbx", EventType.INFERRED_HANGUP,
                    call.ring().plusSeconds(1800)).endedAt(call.ring()).build());
            default -> throw new IllegalStateException(call.kind().name());
        }
        return events;
    }

    static CallEvent hangup(Call call, Direction direction, Cause cause) {
        return CallEvent.builder(call.id(), "pbx", EventType.HANGUP, call.endedAt()).direction(direction)
                .endedAt(call.endedAt()).cause(cause.wire(), cause).build();
    }

    /**
     * Every event of the day in a random order, except that a call whose hangup callhook inferred sees its events
     * in order (the inference happens only to an open call, before the real hangup), and a forwarded call's legs
     * ring in order.
     */
    static List<CallEvent> shuffled(Day day, Random random) {
        List<List<CallEvent>> perCall = day.calls().stream().map(ReportsPropertyTest::events).toList();
        List<CallEvent> all = new ArrayList<>();
        perCall.forEach(all::addAll);
        Collections.shuffle(all, random);
        for (int c = 0; c < perCall.size(); c++) {
            Kind kind = day.calls().get(c).kind();
            List<CallEvent> ordered = new ArrayList<>(perCall.get(c));
            if (day.calls().get(c).id().endsWith("-leg")) {
                String first = day.calls().get(c).id().replace("-leg", "");
                ordered.add(0, perCall.get(c - 1).get(0));
                ordered.removeIf(e -> e.callId().equals(first) && e.type() != EventType.NEW_CALL);
                placeInOrder(all, ordered.subList(0, 2));
            } else if (kind == Kind.INFERRED_ANSWERED || kind == Kind.INFERRED_MISSED) {
                placeInOrder(all, ordered);
            }
        }
        return all;
    }

    /** Puts {@code events} into the positions they hold in {@code all}, in their own order. */
    static void placeInOrder(List<CallEvent> all, List<CallEvent> events) {
        List<Integer> positions = new ArrayList<>();
        for (CallEvent event : events) {
            positions.add(all.indexOf(event));
        }
        Collections.sort(positions);
        for (int i = 0; i < events.size(); i++) {
            all.set(positions.get(i), events.get(i));
        }
    }

    // ---- the independent figures ----

    /** The figures of one line (or all) in one interval, as this test counts them from the generator's calls. */
    static final class Expected {
        long offered;
        long answered;
        long inServiceLevel;
        long abandoned;
        long shortAbandoned;
        long missed;
        final Map<String, Long> reasons = new TreeMap<>();
        long waitMillis;
        long longestWaitMillis;
        long talk;
        long outboundAttempts;
        long outboundConnects;
        long opened;
        long resolved;
        final List<Long> toCallback = new ArrayList<>();

        void add(Call call) {
            switch (call.kind()) {
                case OUTBOUND_CONNECTED -> {
                    outboundAttempts++;
                    outboundConnects++;
                }
                case OUTBOUND_ATTEMPT -> outboundAttempts++;
                case FORWARDED -> {
                    // the second leg is offered instead
                }
                case ANSWERED, INFERRED_ANSWERED -> {
                    offered++;
                    answered++;
                    waitMillis += call.waitSeconds() * 1000;
                    longestWaitMillis = Math.max(longestWaitMillis, call.waitSeconds() * 1000);
                    inServiceLevel += call.waitSeconds() <= SERVICE_LEVEL.get(call.line()) ? 1 : 0;
                    talk += call.talkSeconds();
                }
                default -> {
                    offered++;
                    boolean shortAbandon = call.kind() == Kind.ABANDONED && call.waitSeconds() <= 5;
                    shortAbandoned += shortAbandon ? 1 : 0;
                    abandoned += call.kind() == Kind.ABANDONED && !shortAbandon ? 1 : 0;
                    String reason = call.missReason();
                    if (reason != null) {
                        missed++;
                        reasons.merge(reason, 1L, Long::sum);
                    }
                }
            }
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("offered", offered);
            view.put("answered", answered);
            view.put("answeredInServiceLevel", inServiceLevel);
            long serviceable = offered - shortAbandoned;
            view.put("serviceLevelPercent", serviceable == 0 ? null
                    : Math.round(1000.0 * inServiceLevel / serviceable) / 10.0);
            view.put("abandoned", abandoned);
            view.put("shortAbandoned", shortAbandoned);
            view.put("missed", missed);
            Map<String, Long> ordered = new LinkedHashMap<>();
            REASONS.stream().filter(reasons::containsKey).forEach(r -> ordered.put(r, reasons.get(r)));
            view.put("missedByReason", ordered);
            view.put("averageWaitSeconds", answered == 0 ? null
                    : Math.round(waitMillis / 100.0 / answered) / 10.0);
            view.put("longestWaitSeconds", answered == 0 ? null : longestWaitMillis / 1000.0);
            view.put("averageTalkSeconds", answered == 0 ? null : Math.round(talk * 10.0 / answered) / 10.0);
            view.put("talkSeconds", talk);
            view.put("outboundAttempts", outboundAttempts);
            view.put("outboundConnects", outboundConnects);
            view.put("callbacksOpened", opened);
            view.put("callbacksResolved", resolved);
            List<Long> sorted = toCallback.stream().sorted().toList();
            int middle = sorted.size() / 2;
            view.put("medianSecondsToCallback", sorted.isEmpty() ? null : sorted.size() % 2 == 1
                    ? (double) sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0);
            return view;
        }
    }

    /** The start of the local interval holding {@code at}: quarter hour, hour or day in Berlin. */
    static ZonedDateTime interval(Instant at, String granularity) {
        ZonedDateTime local = at.atZone(BERLIN);
        return switch (granularity) {
            case "15m" -> local.withMinute(local.getMinute() - local.getMinute() % 15).withSecond(0).withNano(0);
            case "hour" -> local.withMinute(0).withSecond(0).withNano(0);
            default -> DAY.atStartOfDay(BERLIN);
        };
    }

    /** Expected line rows: every interval of the day ({@code byLine} false) or those with a line's activity. */
    static List<Map<String, Object>> expectedLines(Day day, String granularity, String line, boolean byLine) {
        Map<ZonedDateTime, Map<String, Expected>> table = new TreeMap<>();
        ZonedDateTime start = DAY.atStartOfDay(BERLIN);
        for (ZonedDateTime at = start; at.isBefore(start.plusDays(1));
             at = granularity.equals("15m") ? at.plusMinutes(15) : granularity.equals("hour") ? at.plusHours(1)
                     : at.plusDays(1)) {
            Map<String, Expected> cells = new TreeMap<>();
            if (!byLine) {
                cells.put("", new Expected());
            }
            table.put(at, cells);
        }
        Function<String, String> key = name -> byLine ? name : "";
        for (Call call : day.calls()) {
            // a forwarded call's first leg is in no report: the leg that continues it is offered
            if (call.kind() != Kind.FORWARDED && (line == null || line.equals(call.line()))) {
                table.get(interval(call.ring(), granularity)).computeIfAbsent(key.apply(call.line()),
                        k -> new Expected()).add(call);
            }
        }
        for (Item item : day.items()) {
            if (line != null && !line.equals(item.line())) {
                continue;
            }
            table.get(interval(item.firstMissedAt(), granularity)).computeIfAbsent(key.apply(item.line()),
                    k -> new Expected()).opened++;
            if (item.resolvedAt() != null) {
                Expected cell = table.get(interval(item.resolvedAt(), granularity))
                        .computeIfAbsent(key.apply(item.line()), k -> new Expected());
                cell.resolved++;
                if (item.byCallback()) {
                    cell.toCallback.add(Duration.between(item.firstMissedAt(), item.resolvedAt()).getSeconds());
                }
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        table.forEach((at, cells) -> cells.forEach((name, figures) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("start", at.toOffsetDateTime().toString().replace("+01:00", ":00+01:00")
                    .replace("::00", ":00"));
            row.put("line", name.isEmpty() ? line : name);
            row.putAll(figures.view());
            rows.add(row);
        }));
        return rows;
    }

    /** Expected agent rows: an interval and agent with a call taken or made, or a callback made. */
    static List<Map<String, Object>> expectedAgents(Day day, String granularity) {
        Map<ZonedDateTime, Map<String, long[]>> table = new TreeMap<>();
        for (Call call : day.calls()) {
            boolean answeredIn = call.kind() == Kind.ANSWERED || call.kind() == Kind.INFERRED_ANSWERED;
            boolean outbound = call.kind() == Kind.OUTBOUND_CONNECTED || call.kind() == Kind.OUTBOUND_ATTEMPT;
            if (!answeredIn && !outbound) {
                continue;
            }
            long[] cell = table.computeIfAbsent(interval(call.ring(), granularity), k -> new TreeMap<>())
                    .computeIfAbsent(call.agent(), k -> new long[5]);
            cell[0] += answeredIn ? 1 : 0;
            cell[1] += answeredIn || call.kind() == Kind.OUTBOUND_CONNECTED ? call.talkSeconds() : 0;
            cell[2] += outbound ? 1 : 0;
            cell[3] += call.kind() == Kind.OUTBOUND_CONNECTED ? 1 : 0;
        }
        for (Item item : day.items()) {
            if (item.byCallback()) {
                table.computeIfAbsent(interval(item.resolvedAt(), granularity), k -> new TreeMap<>())
                        .computeIfAbsent(item.agent(), k -> new long[5])[4]++;
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        table.forEach((at, cells) -> cells.forEach((agent, cell) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("start", at.toOffsetDateTime().toString().replace("+01:00", ":00+01:00")
                    .replace("::00", ":00"));
            row.put("agent", agent);
            row.put("answered", cell[0]);
            row.put("talkSeconds", cell[1]);
            row.put("outboundAttempts", cell[2]);
            row.put("outboundConnects", cell[3]);
            row.put("callbacksMade", cell[4]);
            rows.add(row);
        }));
        return rows;
    }

    // ---- the run ----

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theReportsOfAShuffledAndReplayedDayEqualTheFiguresOfItsCalls(long seed) throws Exception {
        Random random = new Random(seed);
        Day day = generate(random);
        LocalDynamo local = LocalDynamo.shared();
        DynamoDbJsonClient dynamo = local.client();
        Map<String, String> tables = local.createTables();
        String callsTable = tables.get("CallsTable");
        try (io.callhook.testing.LocalEventBus bus = new io.callhook.testing.LocalEventBus()) {
            MissedCallsHandler stream = new MissedCallsHandler(local.functionEnvironment("MissedCallsFunction",
                    tables, Map.of("LINE_RULES", LINE_RULES, "AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint())));
            Environment api = local.functionEnvironment("CallerLogFunction", tables, Map.of("LINE_RULES", LINE_RULES,
                    ReportSettings.TIME_ZONES_VARIABLE, "1=Europe/Berlin", ReportSettings.SUPERVISORS_VARIABLE, "1/a1",
                    "AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint()));
            DynamoAgentDirectory.fromEnvironment(dynamo, api).create(new Agent("a1", "boss", null,
                    java.util.Set.of(), "1"), TokenHashes.hashOf(TOKEN));
            CallerLogHandler handler = new CallerLogHandler(api, Clock.fixed(DAY.plusDays(1).atStartOfDay()
                    .toInstant(ZoneOffset.UTC).plusSeconds(43200), ZoneOffset.UTC));

            DynamoCallStore calls = new DynamoCallStore(dynamo, callsTable, Duration.ofDays(365));
            List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
            for (CallEvent event : shuffled(day, random)) {
                String key = "pbx:" + event.callId();
                String previous = event.previousCallId() == null ? null : "pbx:" + event.previousCallId();
                Map<String, AttributeValue> before = item(dynamo, callsTable, key);
                Map<String, AttributeValue> previousBefore = previous == null ? null
                        : item(dynamo, callsTable, previous);
                calls.apply(event);
                records.add(StreamRecords.change(CallItemLayout.key(key), before, item(dynamo, callsTable, key),
                        Integer.toString(records.size())));
                if (previous != null) {
                    records.add(StreamRecords.change(CallItemLayout.key(previous), previousBefore,
                            item(dynamo, callsTable, previous), Integer.toString(records.size())));
                }
            }
            // Lambda's view: records shuffled, a third of them again (an old image after a newer one included),
            // in batches of 1 to 10
            List<DynamodbEvent.DynamodbStreamRecord> delivered = new ArrayList<>(records);
            for (int i = 0; i < records.size() / 3; i++) {
                delivered.add(records.get(random.nextInt(records.size())));
            }
            Collections.shuffle(delivered, random);
            for (int from = 0; from < delivered.size(); ) {
                int to = Math.min(delivered.size(), from + 1 + random.nextInt(10));
                DynamodbEvent batch = new DynamodbEvent();
                batch.setRecords(delivered.subList(from, to));
                assertEquals(List.of(), stream.handleRequest(batch, null).getBatchItemFailures());
                from = to;
            }

            String dayQuery = "since=" + DAY + "&until=" + DAY;
            for (String granularity : List.of("15m", "hour", "day")) {
                assertRows(expectedLines(day, granularity, null, false),
                        rows(handler, "/api/v1/reports", dayQuery + "&granularity=" + granularity), granularity);
                assertRows(expectedLines(day, granularity, null, true),
                        rows(handler, "/api/v1/reports", dayQuery + "&granularity=" + granularity + "&by=line"),
                        granularity + " by line");
                assertRows(expectedAgents(day, granularity),
                        rows(handler, "/api/v1/reports/agents", dayQuery + "&granularity=" + granularity),
                        granularity + " per agent");
            }
            assertRows(expectedLines(day, "hour", "sales", false),
                    rows(handler, "/api/v1/reports", dayQuery + "&granularity=hour&line=sales"), "sales");
            assertTrue(day.items().stream().anyMatch(Item::byCallback), "the day has a callback");
            assertTrue(day.calls().stream().anyMatch(c -> c.kind() == Kind.FORWARDED), "and a forwarded call");
        }
    }

    static Map<String, AttributeValue> item(DynamoDbJsonClient dynamo, String table, String key) {
        var response = dynamo.getItem(b -> b.tableName(table).key(CallItemLayout.key(key)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    /** Every row of a report, following nextToken through pages of 7 rows (so paging is part of what is checked). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(CallerLogHandler handler, String path, String query) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> parameters = new HashMap<>();
            for (String pair : (query + "&limit=7" + (token == null ? "" : "&nextToken=" + token)).split("&")) {
                String[] kv = pair.split("=", 2);
                parameters.put(kv[0], kv[1]);
            }
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withRouteKey("GET " + path)
                    .withRawPath(path).withQueryStringParameters(parameters)
                    .withHeaders(new HashMap<>(Map.of("authorization", "Bearer " + TOKEN)))
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRouteKey("GET " + path)
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET")
                                    .withPath(path).build()).build()).build();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            assertEquals(200, response.getStatusCode(), response.getBody());
            Map<String, Object> body = Json.parseObject(response.getBody());
            rows.addAll((List<Map<String, Object>>) body.get("rows"));
            token = (String) body.get("nextToken");
        } while (token != null);
        return rows;
    }

    /** Compares rows with numbers as numbers (the API's 12 and this test's 12.0 are the same figure). */
    static void assertRows(List<Map<String, Object>> expected, List<Map<String, Object>> actual, String what) {
        List<?> wanted = (List<?>) normalized(expected);
        List<?> got = (List<?>) normalized(actual);
        for (int i = 0; i < Math.min(wanted.size(), got.size()); i++) {
            assertEquals(wanted.get(i), got.get(i), what + ": row " + i);
        }
        assertEquals(wanted.size(), got.size(), what + ": rows");
    }

    static Object normalized(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new TreeMap<>();
            map.forEach((k, v) -> copy.put(k, normalized(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ReportsPropertyTest::normalized).toList();
        }
        return value;
    }
}
