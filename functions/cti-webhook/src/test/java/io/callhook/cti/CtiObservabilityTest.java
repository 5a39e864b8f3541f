// The CTI handler against the project's engine, through the real SDK: what its log lines and EMF metric lines carry,
// and which storage failures answer 503 (a retry can cure them) or 500 (logged in full).
package io.callhook.cti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.auth.TokenHashes;
import io.callhook.config.Environment;
import io.callhook.engine.Faults;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.CapturedLog;
import io.callhook.testing.LambdaContext;
import io.callhook.testing.LocalDynamo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CtiObservabilityTest {

    static LocalDynamo local;
    static Map<String, String> tables;
    static Faults faults;

    @BeforeAll
    static void start() {
        local = LocalDynamo.shared();
        tables = local.createTables();
        faults = local.engine().faults();
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
        System.clearProperty("com.amazonaws.xray.traceHeader");
    }

    static CtiWebhookHandler handler(Map<String, String> tableNames) {
        Environment env = local.functionEnvironment("CtiWebhookFunction", tableNames, Map.of(
                "WEBHOOK_TOKEN_HASHES", "pbx:" + TokenHashes.hashOf(CtiWebhookHandlerTest.TOKEN)));
        return new CtiWebhookHandler(env);
    }

    static List<Map<String, Object>> metric(CapturedLog log, String name) {
        return log.lines().stream().filter(line -> line.containsKey("_aws") && line.containsKey(name)).toList();
    }

    @Test
    void everyLineCarriesTheInvocationAndTheCallAndOnlyTheFirstIsACold() {
        CtiWebhookHandler handler = handler(tables);
        System.setProperty("com.amazonaws.xray.traceHeader",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        APIGatewayV2HTTPEvent first = CtiWebhookHandlerTest.load("newCall-inbound-json.json", "obs-1");
        APIGatewayV2HTTPEvent second = CtiWebhookHandlerTest.load("hangup-inbound-multipart.json", "obs-1");
        List<Map<String, Object>> applied;
        String text;
        try (CapturedLog log = CapturedLog.start()) {
            assertEquals(200, handler.handleRequest(first, new LambdaContext("req-a", "cti-fn", 1024, 15))
                    .getStatusCode());
            assertEquals(200, handler.handleRequest(second, new LambdaContext("req-b", "cti-fn", 1024, 15))
                    .getStatusCode());
            applied = log.withMessage("call event applied");
            text = log.text();
        }
        assertEquals(2, applied.size(), text);
        Map<String, Object> line = applied.get(0);
        assertEquals("INFO", line.get("level"));
        assertTrue(line.get("timestamp") instanceof String);
        assertEquals("req-a", line.get("function_request_id"));
        assertEquals("cti-fn", line.get("function_name"));
        assertEquals(Boolean.TRUE, line.get("cold_start"));
        assertEquals("1-5759e988-bd862e3fe1be46a994272793", line.get("xray_trace_id"));
        assertEquals("obs-1", line.get("callId"));
        assertEquals("pbx", line.get("source"));
        assertEquals("req-b", applied.get(1).get("function_request_id"));
        assertEquals(Boolean.FALSE, applied.get(1).get("cold_start"), "only the first invocation is cold");
        assertFalse(text.contains(CtiWebhookHandlerTest.TOKEN), "the token never reaches the log");
    }

    @Test
    void acceptedEventsAndStorageLatencyAreEmfMetricsWithLowCardinalityDimensions() {
        CtiWebhookHandler handler = handler(tables);
        // the call's write is held 150 ms by the engine, so its latency is known to be at least that
        faults.add(Faults.Rule.on("UpdateItem").table(tables.get("CallsTable")).delay(150).times(1));
        List<Map<String, Object>> accepted;
        List<Map<String, Object>> latency;
        long before = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        try (CapturedLog log = CapturedLog.start()) {
            handler.handleRequest(CtiWebhookHandlerTest.load("newCall-inbound-json.json", "emf-1"), null);
            accepted = metric(log, "EventsAccepted");
            latency = metric(log, "StorageLatency");
        }
        double elapsedMillis = (System.nanoTime() - startNanos) / 1e6;
        long after = System.currentTimeMillis();
        assertEquals(1, accepted.size(), accepted.toString());
        Map<String, Object> line = accepted.get(0);
        assertEquals("cti", line.get("Provider"));
        assertEquals("newCall", line.get("EventType"));
        assertEquals(1.0, ((Number) line.get("EventsAccepted")).doubleValue());
        Map<?, ?> directive = (Map<?, ?>) ((List<?>) ((Map<?, ?>) line.get("_aws")).get("CloudWatchMetrics")).get(0);
        assertEquals("callhook", directive.get("Namespace"));
        assertEquals(List.of(List.of("Provider", "EventType")), directive.get("Dimensions"));
        assertEquals(List.of(Map.of("Name", "EventsAccepted", "Unit", "Count")), directive.get("Metrics"));
        long timestamp = ((Number) ((Map<?, ?>) line.get("_aws")).get("Timestamp")).longValue();
        assertTrue(before <= timestamp && timestamp <= after, "written during the invocation, in epoch ms: "
                + before + " <= " + timestamp + " <= " + after);
        assertNull(line.get("callId"), "a call id is never part of a metric line");

        assertEquals(List.of("GetItem", "UpdateItem"), latency.stream().map(l -> l.get("Operation")).toList(),
                "a newCall reads the routing rules, then writes the call");
        double write = ((Number) latency.get(1).get("StorageLatency")).doubleValue();
        assertTrue(write >= 150 && write <= elapsedMillis, "the write's time with the engine's hold, in ms, within"
                + " the invocation's " + elapsedMillis + ": " + write);
        assertEquals(List.of(Map.of("Name", "StorageLatency", "Unit", "Milliseconds")), ((Map<?, ?>) ((List<?>)
                ((Map<?, ?>) latency.get(1).get("_aws")).get("CloudWatchMetrics")).get(0)).get("Metrics"));
    }

    @Test
    void aRefusedRequestIsCountedByStatus() {
        APIGatewayV2HTTPEvent request = CtiWebhookHandlerTest.load("newCall-inbound-json.json", "refused-1");
        request.setPathParameters(Map.of("token", "wrong"));
        List<Map<String, Object>> refused;
        try (CapturedLog log = CapturedLog.start()) {
            assertEquals(401, handler(tables).handleRequest(request, null).getStatusCode());
            refused = metric(log, "RequestsRefused");
        }
        assertEquals(1, refused.size());
        assertEquals("401", refused.get(0).get("Status"));
    }

    @Test
    void aTransactionConflictIsRetryableAndAnswers503() {
        faults.add(Faults.Rule.on("UpdateItem").table(tables.get("CallsTable"))
                .answer(Faults.Kind.TRANSACTION_CONFLICT));
        APIGatewayV2HTTPResponse response = handler(tables).handleRequest(
                CtiWebhookHandlerTest.load("newCall-inbound-json.json", "conflict-1"), null);
        assertEquals(503, response.getStatusCode(), response.getBody());
    }

    @Test
    void aStorageErrorNoRetryCuresAnswers500AndIsLoggedInFull() {
        CtiWebhookHandler missingTable = handler(Map.of("CallsTable", "no-such-table",
                "RoutingTable", tables.get("RoutingTable"), "ConfigTable", tables.get("ConfigTable")));
        APIGatewayV2HTTPResponse response;
        List<Map<String, Object>> logged;
        List<Map<String, Object>> refused;
        try (CapturedLog log = CapturedLog.start()) {
            response = missingTable.handleRequest(
                    CtiWebhookHandlerTest.load("newCall-inbound-json.json", "missing-1"), null);
            logged = log.withMessage("storage request refused");
            refused = metric(log, "RequestsRefused");
        }
        assertEquals(500, response.getStatusCode(), response.getBody());
        assertEquals("{\"error\":\"internal error\"}", response.getBody());
        assertEquals(1, logged.size());
        Map<String, Object> line = logged.get(0);
        assertEquals("ERROR", line.get("level"));
        assertEquals("io.callhook.dynamodb.DynamoDbException", line.get("exception"));
        assertTrue(String.valueOf(line.get("errorMessage")).startsWith("ResourceNotFoundException (HTTP 400)"),
                line.toString());
        assertTrue(String.valueOf(line.get("errorMessage")).contains("no-such-table")
                || String.valueOf(line.get("errorMessage")).toLowerCase().contains("not found"), line.toString());
        assertTrue(String.valueOf(line.get("stackTrace")).contains("at io.callhook.store.DynamoCallStore"),
                line.toString());
        assertEquals("missing-1", line.get("callId"));
        assertEquals("500", refused.get(0).get("Status"));
    }

    /**
     * A refusal that is not the item size limit (here the calls table name pointed at a table with another key, as
     * after a bad deploy) is a defect: 500, logged at ERROR with its stack trace, counted as a 500, never the 422
     * that would make the PBX drop the event for good.
     */
    @Test
    void aValidationErrorThatIsNotTheItemSizeIs500AndLoggedInFull() {
        CtiWebhookHandler wrongTable = handler(Map.of("CallsTable", tables.get("RoutingTable"),
                "RoutingTable", tables.get("RoutingTable"), "ConfigTable", tables.get("ConfigTable")));
        APIGatewayV2HTTPResponse response;
        List<Map<String, Object>> logged;
        List<Map<String, Object>> refused;
        try (CapturedLog log = CapturedLog.start()) {
            response = wrongTable.handleRequest(
                    CtiWebhookHandlerTest.load("newCall-inbound-json.json", "invalid-1"), null);
            logged = log.withMessage("storage request refused");
            refused = metric(log, "RequestsRefused");
        }
        assertEquals(500, response.getStatusCode(), response.getBody());
        assertEquals("{\"error\":\"internal error\"}", response.getBody());
        assertEquals(1, logged.size());
        Map<String, Object> line = logged.get(0);
        assertEquals("ERROR", line.get("level"));
        assertTrue(String.valueOf(line.get("errorMessage")).startsWith("ValidationException (HTTP 400)"),
                line.toString());
        assertTrue(String.valueOf(line.get("stackTrace")).contains("at io.callhook.store.DynamoCallStore"),
                line.toString());
        assertEquals("invalid-1", line.get("callId"));
        assertEquals(List.of("500"), refused.stream().map(l -> l.get("Status")).toList());
    }

    @Test
    void aRoutingReadThatFailsWithoutAnEarlierCopyAnswers503AndWritesNothing() {
        faults.add(Faults.Rule.on("GetItem").table(tables.get("RoutingTable"))
                .answer(Faults.Kind.THROTTLING));
        List<Map<String, Object>> logged;
        APIGatewayV2HTTPResponse response;
        try (CapturedLog log = CapturedLog.start()) {
            response = handler(tables).handleRequest(
                    CtiWebhookHandlerTest.load("newCall-inbound-json.json", "routing-down-1"), null);
            logged = log.withMessage("storage request failed");
        }
        assertEquals(503, response.getStatusCode(), response.getBody());
        assertEquals("routing-down-1", logged.get(0).get("callId"));
        assertTrue(DynamoCallStore.fromEnvironment(local.client(), local.functionEnvironment("CtiWebhookFunction",
                tables, Map.of())).find("pbx:routing-down-1").isEmpty());
    }
}
