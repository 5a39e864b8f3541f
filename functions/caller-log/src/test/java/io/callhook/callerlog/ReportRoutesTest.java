// The queue reports' routes: the real caller-log handler (built from the template's environment) on the sample events
// in events/caller-log, over report facts stored by the real report store on the DynamoDB engine.
package io.callhook.callerlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.agent.Agent;
import io.callhook.auth.TokenHashes;
import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.MissSettings;
import io.callhook.config.Environment;
import io.callhook.json.Json;
import io.callhook.store.DynamoReportStore;
import io.callhook.reports.ReportFact;
import io.callhook.config.ReportSettings;
import io.callhook.store.DynamoAgentDirectory;
import io.callhook.testing.LocalDynamo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportRoutesTest {

    /** 10:00 in Berlin. */
    static final Instant T0 = Instant.parse("2025-11-23T09:00:00Z");
    static final String LIAM_TOKEN = "liam-token-3Hs8Vn2Qw6Zt";
    static final String OLGA_TOKEN = "olga-token-7Kq2Wm9Xb4Lp";
    static final MissSettings RULES = MissSettings.of(Set.of("voicemail"));

    static LocalDynamo local;
    static Map<String, String> tables;
    static CallerLogHandler handler;

    @BeforeAll
    static void start() {
        local = LocalDynamo.shared();
        tables = local.createTables();
        handler = handler(Map.of());
        Environment env = local.functionEnvironment("CallerLogFunction", tables, Map.of());
        DynamoAgentDirectory agents = DynamoAgentDirectory.fromEnvironment(local.client(), env);
        agents.create(new Agent("a1", "emma", null, Set.of(), "1"),
                TokenHashes.hashOf(CallerLogHandlerTest.AGENT_TOKEN));
        agents.create(new Agent("a2", "liam", null, Set.of("201"), "1"), TokenHashes.hashOf(LIAM_TOKEN));
        agents.create(new Agent("b1", "olga", null, Set.of(), "2"), TokenHashes.hashOf(OLGA_TOKEN));
        DynamoReportStore store = DynamoReportStore.fromEnvironment(local.client(), env);
        // 10:00-10:15 Berlin: two answered (emma in 10 s, liam's phone 201 in 40 s), one abandoned; 11:05 one busy
        record(store, call("a", T0, 10, "emma", 70, Cause.NORMAL));
        record(store, call("b", T0.plusSeconds(120), 40, "201", 100, Cause.NORMAL));
        record(store, call("c", T0.plusSeconds(300), null, null, 30, Cause.CANCEL));
        record(store, call("d", T0.plusSeconds(3900), null, null, 60, Cause.BUSY));
    }

    static CallerLogHandler handler(Map<String, String> extra) {
        Map<String, String> variables = new HashMap<>(extra);
        variables.put(ReportSettings.TIME_ZONES_VARIABLE, "1=Europe/Berlin");
        variables.put(ReportSettings.SUPERVISORS_VARIABLE, "1/a1");
        return new CallerLogHandler(local.functionEnvironment("CallerLogFunction", tables, variables),
                Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC));
    }

    static CallRecord call(String id, Instant start, Integer answerAfter, String by, long endAfter, Cause cause) {
        return new CallRecord(id, "local", Set.of("newCall", "hangup"), Direction.IN, "+4930", "+4922", "support",
                Set.of(), by, start, start, answerAfter == null ? null : start.plusSeconds(answerAfter),
                start.plusSeconds(endAfter), cause.wire(), cause, null, Set.of(), Map.of(), null, null, "1");
    }

    static void record(DynamoReportStore store, CallRecord call) {
        Optional<ReportFact> fact = ReportFact.of(call, RULES);
        store.record(Optional.empty(), fact, ReportFact.version(call, fact));
    }

    static APIGatewayV2HTTPEvent request(String name, String query, String token) {
        APIGatewayV2HTTPEvent event = CallerLogHandlerTest.query(name, query);
        event.getHeaders().put("authorization", "Bearer " + token);
        return event;
    }

    static Map<String, Object> ok(CallerLogHandler on, APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = on.handleRequest(event, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Json.parseObject(response.getBody());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("rows");
    }

    @Test
    void aSupervisorReadsALinesHoursOfTheOrganizationsDay() {
        Map<String, Object> body = ok(handler, CallerLogHandlerTest.load("reports"));
        assertEquals("Europe/Berlin", body.get("timeZone"));
        assertEquals(24, body.get("count"));
        assertNull(body.get("nextToken"));
        Map<String, Object> ten = rows(body).get(10);
        assertEquals("2025-11-23T10:00:00+01:00", ten.get("start"));
        assertEquals("support", ten.get("line"));
        assertEquals(3, ten.get("offered"));
        assertEquals(2, ten.get("answered"));
        assertEquals(1, ten.get("answeredInServiceLevel"));
        assertEquals(33.3, ((Number) ten.get("serviceLevelPercent")).doubleValue());
        assertEquals(1, ten.get("abandoned"));
        assertEquals(Map.of("abandoned", 1), ten.get("missedByReason"));
        assertEquals(25.0, ((Number) ten.get("averageWaitSeconds")).doubleValue());
        assertEquals(40.0, ((Number) ten.get("longestWaitSeconds")).doubleValue());
        assertEquals(Map.of("busy", 1), rows(body).get(11).get("missedByReason"));
        assertEquals(0, rows(body).get(9).get("offered"));

        Map<String, Object> day = ok(handler, request("reports", "since=2025-11-23&until=2025-11-23",
                CallerLogHandlerTest.AGENT_TOKEN));
        assertEquals(1, day.get("count"));
        assertEquals(4, rows(day).get(0).get("offered"), "every line, the whole day");
        assertNull(rows(day).get(0).get("line"));
    }

    @Test
    void pagesOfRowsAndOfBytesAddUpToTheWholeAnswer() {
        Map<String, Object> whole = ok(handler, request("reports",
                "since=2025-11-23&until=2025-11-23&granularity=15m", CallerLogHandlerTest.AGENT_TOKEN));
        assertEquals(96, rows(whole).size());
        assertEquals(rows(whole), pages(handler, "since=2025-11-23&until=2025-11-23&granularity=15m&limit=7"));
        CallerLogHandler small = handler(Map.of(CallerLogHandler.MAX_RESPONSE_BYTES_VARIABLE, "3000"));
        assertEquals(rows(whole), pages(small, "since=2025-11-23&until=2025-11-23&granularity=15m"));
        Map<String, Object> agents = ok(handler, request("reports-agents",
                "since=2025-11-23&until=2025-11-23&granularity=15m", CallerLogHandlerTest.AGENT_TOKEN));
        assertEquals(List.of("201", "emma"), rows(agents).stream().map(r -> r.get("agent")).toList());
        assertEquals(rows(agents), pages(handler, "since=2025-11-23&until=2025-11-23&granularity=15m&limit=1",
                "reports-agents"));
    }

    static List<Map<String, Object>> pages(CallerLogHandler on, String query) {
        return pages(on, query, "reports");
    }

    static List<Map<String, Object>> pages(CallerLogHandler on, String query, String name) {
        List<Map<String, Object>> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Map<String, Object> body = ok(on, request(name, query + (token == null ? "" : "&nextToken=" + token),
                    CallerLogHandlerTest.AGENT_TOKEN));
            all.addAll(rows(body));
            token = (String) body.get("nextToken");
            pages++;
        } while (token != null);
        assertTrue(pages > 1, "more than one page");
        return all;
    }

    @Test
    void csvHasAColumnPerFigureAndReason() {
        APIGatewayV2HTTPEvent event = CallerLogHandlerTest.load("reports");
        event.getHeaders().put("accept", "text/csv");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertEquals(200, response.getStatusCode());
        assertEquals("text/csv; charset=utf-8", response.getHeaders().get("content-type"));
        String[] lines = response.getBody().split("\r\n");
        assertEquals(25, lines.length);
        assertTrue(lines[0].startsWith("start,line,offered,answered,answeredInServiceLevel,serviceLevelPercent,"
                + "abandoned,shortAbandoned,missed,missed_abandoned_short,missed_abandoned,"), lines[0]);
        assertTrue(lines[11].startsWith("2025-11-23T10:00:00+01:00,support,3,2,1,33.3,1,0,1,0,1,"), lines[11]);
        assertEquals(lines[0].split(",").length, lines[11].split(",", -1).length);

        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("agent", "+4930111");
        row.put("line", "sales, north");
        row.put("note", "say \"hi\"");
        row.put("offered", 12L);
        row.put("serviceLevelPercent", null);
        row.put("averageWaitSeconds", 14.5);
        assertEquals("'+4930111,\"sales, north\",\"say \"\"hi\"\"\",12,,14.5\r\n", ReportRoutes.csvLine(row),
                "a formula-looking text gets an apostrophe; commas and quotes are quoted; null is empty");
    }

    @Test
    void anAgentReadsOnlyTheirOwnFigures() {
        APIGatewayV2HTTPResponse lines = handler.handleRequest(request("reports", "", LIAM_TOKEN), null);
        assertEquals(403, lines.getStatusCode());
        assertTrue(Json.parseObject(lines.getBody()).get("error").toString().contains("supervisors"));
        Map<String, Object> own = ok(handler, request("reports-agents",
                "since=2025-11-23&until=2025-11-23&granularity=day", LIAM_TOKEN));
        assertEquals("a2", own.get("agent"));
        assertEquals(List.of(Map.of("start", "2025-11-23T00:00:00+01:00", "agent", "a2", "answered", 1,
                "talkSeconds", 60, "outboundAttempts", 0, "outboundConnects", 0, "callbacksMade", 0)), rows(own));
        assertEquals(403, handler.handleRequest(request("reports-agents", "agent=a1", LIAM_TOKEN), null)
                .getStatusCode());
        Map<String, Object> other = ok(handler, request("reports-agents", "since=2025-11-23&until=2025-11-23",
                OLGA_TOKEN));
        assertEquals(List.of(), rows(other), "another organization's calls are not olga's");
        assertEquals("UTC", other.get("timeZone"));
    }

    @Test
    void withoutAnOrganizationTimeZonesEntryTheReportsUseTheOrganizationsTimeZoneSetting() {
        Map<String, String> variables = new HashMap<>();
        variables.put(io.callhook.config.OrganizationSettings.DEFAULT_TIME_ZONE_VARIABLE, "America/New_York");
        variables.put(ReportSettings.SUPERVISORS_VARIABLE, "1/a1");
        CallerLogHandler byOrganizationSetting = new CallerLogHandler(
                local.functionEnvironment("CallerLogFunction", tables, variables),
                Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC));
        Map<String, Object> body = ok(byOrganizationSetting, CallerLogHandlerTest.load("reports"));
        assertEquals("America/New_York", body.get("timeZone"), "the zone the agent page shows, one clock");
    }

    @Test
    void badQueriesAreRefusedWithTheirReason() {
        for (String query : List.of("granularity=year", "since=2025-11-24&until=2025-11-23", "limit=0",
                "since=2024-01-01&until=2025-11-23", "nextToken=12.0", "nextToken=abc", "by=agent")) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(request("reports", query,
                    CallerLogHandlerTest.AGENT_TOKEN), null);
            assertEquals(422, response.getStatusCode(), query);
            assertTrue(Json.parseObject(response.getBody()).containsKey("error"), query);
        }
        APIGatewayV2HTTPEvent anonymous = CallerLogHandlerTest.load("reports");
        anonymous.getHeaders().remove("authorization");
        assertEquals(401, handler.handleRequest(anonymous, null).getStatusCode());
    }
}
