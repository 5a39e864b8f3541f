// The caller-log marker's stream reader against the project's engine: real call items written by the real call
// store, handed to the handler as the stream records DynamoDB emits for them, the markers read back as the caller
// log reads them; storage faults injected into the engine.
package io.callhook.logmarker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.callhook.aws.Retries;
import io.callhook.call.CallEvent;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Environment;
import io.callhook.config.Organizations;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.engine.Faults;
import io.callhook.privacy.NumberMatcher;
import io.callhook.store.CallLogMarkers;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.PersonalData;
import io.callhook.store.PersonalDataSources;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.StreamRecords;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CallLogMarkerHandlerTest {

    static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    static final AtomicLong SEQUENCE = new AtomicLong(1000);

    static LocalDynamo local;
    static Map<String, String> tables;
    static DynamoDbJsonClient dynamo;
    static DynamoCallStore calls;
    static CallLogMarkers markers;
    static CallLogMarkerHandler handler;

    @BeforeAll
    static void start() {
        local = LocalDynamo.shared();
        tables = local.createTables();
        Environment env = local.functionEnvironment("CallLogMarkerFunction", tables,
                Map.of("CALLHOOK_RETRY_BACKOFF", "none"));
        handler = new CallLogMarkerHandler(env);
        dynamo = local.client();
        calls = new DynamoCallStore(dynamo, tables.get("CallsTable"), Duration.ofDays(365),
                Organizations.parse("pbx-a:org-a,pbx-b:org-b,pbx-c:org-c", "org-a"), 1);
        markers = CallLogMarkers.fromEnvironment(dynamo, env);
    }

    @AfterEach
    void clearFaults() {
        local.engine().faults().clear();
    }

    /** Applies the event with the real store; returns the stream record DynamoDB emits for the change. */
    static DynamodbEvent.DynamodbStreamRecord change(CallEvent event) {
        Map<String, AttributeValue> key = key(event.source(), event.callId());
        Map<String, AttributeValue> before = item(key);
        calls.apply(event);
        return StreamRecords.change(key, before, item(key), Long.toString(SEQUENCE.incrementAndGet()));
    }

    static Map<String, AttributeValue> key(String source, String callId) {
        return Map.of("pk", AttributeValue.fromS(source + ":" + callId));
    }

    static Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        var response = dynamo.getItem(b -> b.tableName(tables.get("CallsTable")).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    static CallEvent ring(String source, String callId) {
        return ring(source, callId, "+4930111");
    }

    static CallEvent ring(String source, String callId, String from) {
        return CallEvent.builder(callId, source, EventType.NEW_CALL, T0).direction(Direction.IN).from(from)
                .to("+4922199").queue("sales").ringingAt(T0).build();
    }

    static CallEvent answer(String source, String callId) {
        return CallEvent.builder(callId, source, EventType.ANSWER, T0.plusSeconds(10)).direction(Direction.IN)
                .answeredAt(T0.plusSeconds(10)).answeredBy("jdoe").build();
    }

    static DynamodbEvent batch(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    static long marker(String organization) {
        return Long.parseLong(markers.read(organization));
    }

    static List<String> sequences(List<DynamodbEvent.DynamodbStreamRecord> records) {
        return records.stream().map(record -> record.getDynamodb().getSequenceNumber()).toList();
    }

    static List<String> failed(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    @Test
    void aBatchRaisesEachOrganizationsMarkerOnceWhateverItsRecords() {
        long a = marker("org-a");
        long b = marker("org-b");
        long c = marker("org-c");
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(change(ring("pbx-a", "once-" + i)));
            records.add(change(answer("pbx-a", "once-" + i)));
        }
        records.add(change(ring("pbx-b", "once-b")));
        assertEquals(List.of(), failed(handler.handleRequest(batch(records), null)));
        assertEquals(a + 1, marker("org-a"), "once for ten records of org-a (rings included)");
        assertEquals(b + 1, marker("org-b"), "once for org-b's ring");
        assertEquals(c, marker("org-c"), "an organization the batch does not hold");

        // each batch raises again: a poll tagged after the first batch sees the second's changes
        assertEquals(List.of(), failed(handler.handleRequest(batch(List.of(change(answer("pbx-b", "once-b")))),
                null)));
        assertEquals(a + 1, marker("org-a"));
        assertEquals(b + 2, marker("org-b"));
    }

    @Test
    void anExpiryRaisesNothingAndAnErasuresTombstoneRaisesTheOrganizationItLeaves() {
        DynamodbEvent.DynamodbStreamRecord rung = change(ring("pbx-c", "expired", "+4930777"));
        Map<String, AttributeValue> stored = item(key("pbx-c", "expired"));
        long c = marker("org-c");
        // the TTL deletion's record: an old image and no new one (the template's filter drops it; the handler
        // raises nothing for it either)
        DynamodbEvent.DynamodbStreamRecord expiry = StreamRecords.change(key("pbx-c", "expired"), stored, null,
                Long.toString(SEQUENCE.incrementAndGet()));
        assertEquals("REMOVE", expiry.getEventName());
        assertEquals(List.of(), failed(handler.handleRequest(batch(List.of(expiry)), null)));
        assertEquals(c, marker("org-c"), "an expiry raises nothing");

        // an erasure replaces the call by a tombstone without its organization: the call leaves org-c's log
        assertEquals(rung.getDynamodb().getNewImage().get("organizationId").getS(), "org-c");
        PersonalData callsOfTheNumber = new PersonalDataSources(dynamo, tables.get("CallsTable"),
                tables.get("MissedCallsTable"), tables.get("CallbacksTable"), 1).all().stream()
                .filter(data -> data.name().equals("calls")).findFirst().orElseThrow();
        NumberMatcher number = NumberMatcher.of("+4930777", "49");
        PersonalData.Found found = callsOfTheNumber.find("org-c", number, T0.plusSeconds(60), null);
        assertEquals(1, callsOfTheNumber.erase("org-c", number, found, T0.plusSeconds(60)));
        Map<String, AttributeValue> tombstone = item(key("pbx-c", "expired"));
        assertEquals(null, tombstone.get("organizationId"));
        DynamodbEvent.DynamodbStreamRecord erased = StreamRecords.change(key("pbx-c", "expired"), stored,
                tombstone, Long.toString(SEQUENCE.incrementAndGet()));
        assertEquals(List.of(), failed(handler.handleRequest(batch(List.of(erased)), null)));
        assertEquals(c + 1, marker("org-c"), "the tombstone changes org-c's log");
    }

    @Test
    void aFailedRaiseFailsThatOrganizationsRecordsOnlyAndTheirRedeliveryRaisesIt() {
        long a = marker("org-a");
        long b = marker("org-b");
        long c = marker("org-c");
        List<DynamodbEvent.DynamodbStreamRecord> ofA = new ArrayList<>();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DynamodbEvent.DynamodbStreamRecord record = change(ring("pbx-a", "fail-" + i));
            ofA.add(record);
            records.add(record);
            records.add(change(ring(i == 1 ? "pbx-c" : "pbx-b", "fail-other-" + i)));
        }
        // the batch's first raise (org-a's, the first organization it holds) fails on every attempt of the client
        Faults.Rule refused = local.engine().faults().add(Faults.Rule.on("UpdateItem")
                .table(tables.get("MissedCallsTable")).times(Retries.DYNAMODB_ATTEMPTS));
        StreamsEventResponse response = handler.handleRequest(batch(records), null);
        assertEquals(Retries.DYNAMODB_ATTEMPTS, refused.fired());
        assertEquals(sequences(ofA), failed(response), "org-a's records, and only those");
        assertEquals(a, marker("org-a"));
        assertEquals(b + 1, marker("org-b"));
        assertEquals(c + 1, marker("org-c"));

        // Lambda delivers the batch again from its first failed record: org-a's marker is raised then
        List<DynamodbEvent.DynamodbStreamRecord> again = records.subList(records.indexOf(ofA.get(0)), records.size());
        assertEquals(List.of(), failed(handler.handleRequest(batch(again), null)));
        assertEquals(a + 1, marker("org-a"));
    }

    @Test
    void organizationsNotStartedBeforeTheMarginFailTheirRecords() {
        long a = marker("org-a");
        long b = marker("org-b");
        DynamodbEvent.DynamodbStreamRecord first = change(ring("pbx-a", "deadline-a"));
        DynamodbEvent.DynamodbStreamRecord second = change(ring("pbx-b", "deadline-b"));
        // time runs out once org-a's marker is raised
        Context context = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
                new Class<?>[] {Context.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) (marker("org-a") > a
                            ? CallLogMarkerHandler.STOP_MARGIN.toMillis() - 1 : 60_000);
                    case "getAwsRequestId" -> "deadline-request";
                    case "getFunctionName" -> "CallLogMarkerFunction";
                    case "getMemoryLimitInMB" -> 1024;
                    default -> null;
                });
        StreamsEventResponse response = handler.handleRequest(batch(List.of(first, second)), context);
        assertEquals(List.of(second.getDynamodb().getSequenceNumber()), failed(response));
        assertEquals(a + 1, marker("org-a"));
        assertEquals(b, marker("org-b"), "not started with less than the margin left");
    }
}
