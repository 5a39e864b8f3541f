// Stream function tests of the queue reports' facts: real call items written by the real store to the DynamoDB
// engine, handed to the handler (built from the template's environment) as stream records, read back with the real
// report store. Late answers, reported hangups after inferred ones, starts that move and replays of old records.
package io.callhook.missed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.callhook.call.CallEvent;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.call.MissReason;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.store.DynamoReportStore;
import io.callhook.reports.ReportFact;
import io.callhook.store.DynamoCallStore;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.LocalEventBus;
import io.callhook.testing.StreamRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportFactsStreamTest {

    static final Instant T0 = Instant.parse("2026-11-23T23:59:50Z");
    static final AtomicLong SEQUENCE = new AtomicLong();

    static DynamoDbJsonClient dynamo;
    static String callsTable;
    static DynamoCallStore calls;
    static DynamoReportStore reports;
    static LocalEventBus bus;
    static MissedCallsHandler handler;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        bus = new LocalEventBus();
        Environment env = local.functionEnvironment("MissedCallsFunction", tables,
                Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint()));
        handler = new MissedCallsHandler(env);
        dynamo = local.client();
        callsTable = tables.get("CallsTable");
        calls = new DynamoCallStore(dynamo, callsTable, Duration.ofDays(365));
        reports = DynamoReportStore.fromEnvironment(dynamo, env);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    static DynamodbEvent.DynamodbStreamRecord change(CallEvent event) {
        Map<String, AttributeValue> before = item(event.callId());
        calls.apply(event);
        return StreamRecords.change(Map.of("pk", AttributeValue.fromS("pbx:" + event.callId())), before,
                item(event.callId()), Long.toString(SEQUENCE.incrementAndGet()));
    }

    static Map<String, AttributeValue> item(String callId) {
        var response = dynamo.getItem(b -> b.tableName(callsTable)
                .key(Map.of("pk", AttributeValue.fromS("pbx:" + callId))).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    static void deliver(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        assertEquals(List.of(), handler.handleRequest(event, null).getBatchItemFailures());
    }

    static CallEvent newCall(String id, Instant at) {
        return CallEvent.builder(id, "pbx", EventType.NEW_CALL, at).direction(Direction.IN).from("+4930111")
                .to("+4922199").queue("support").users(Set.of("emma")).ringingAt(at).build();
    }

    static CallEvent answer(String id, Instant at) {
        return CallEvent.builder(id, "pbx", EventType.ANSWER, at).direction(Direction.IN).answeredAt(at)
                .answeredBy("emma").build();
    }

    static CallEvent hangup(String id, Instant at, Cause cause) {
        return CallEvent.builder(id, "pbx", EventType.HANGUP, at).direction(Direction.IN).endedAt(at)
                .cause(cause.wire(), cause).build();
    }

    static List<ReportFact> facts(String id) {
        return reports.facts("1", null, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1))).stream()
                .filter(f -> f.callKey().equals("pbx:" + id)).toList();
    }

    @Test
    void aLateAnswerTurnsTheMissIntoAnAnswerAndAReplayOfTheMissChangesNothing() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        records.add(change(newCall("late", T0)));
        records.add(change(hangup("late", T0.plusSeconds(90), Cause.NORMAL)));
        deliver(records);
        assertEquals(ReportFact.Outcome.MISSED, facts("late").get(0).outcome());
        assertEquals(MissReason.ABANDONED, facts("late").get(0).reason());

        records.add(change(answer("late", T0.plusSeconds(30))));
        deliver(records.subList(2, 3));
        deliver(List.of(records.get(1), records.get(0), records.get(1)));
        List<ReportFact> facts = facts("late");
        assertEquals(1, facts.size());
        assertEquals(ReportFact.Outcome.ANSWERED, facts.get(0).outcome());
        assertEquals(30_000, facts.get(0).waitMillis());
        assertEquals(60L, facts.get(0).talkSeconds());
    }

    @Test
    void aReportedHangupReplacesTheInferredOneAndItsTalkTime() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        records.add(change(newCall("inferred", T0)));
        records.add(change(answer("inferred", T0.plusSeconds(5))));
        records.add(change(CallEvent.builder("inferred", "pbx", EventType.INFERRED_HANGUP, T0.plusSeconds(3600))
                .endedAt(T0.plusSeconds(5)).build()));
        deliver(records);
        assertEquals(0L, facts("inferred").get(0).talkSeconds());
        records.add(change(hangup("inferred", T0.plusSeconds(125), Cause.NORMAL)));
        deliver(List.of(records.get(3), records.get(2), records.get(1)));
        assertEquals(120L, facts("inferred").get(0).talkSeconds());
        assertEquals(1, facts("inferred").size());
    }

    @Test
    void aStartHeardLateMovesTheFactToItsDayAndOldRecordsCannotBringItBack() {
        // the hangup and the answer arrive first: the call's start is when callhook first heard of it
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        records.add(change(answer("moved", T0.plusSeconds(20))));
        records.add(change(hangup("moved", T0.plusSeconds(80), Cause.NORMAL)));
        records.add(change(newCall("moved", T0.minusSeconds(20))));
        deliver(records.subList(0, 2));
        assertEquals(T0.plusSeconds(20), facts("moved").get(0).startedAt());
        deliver(records.subList(2, 3));
        deliver(List.of(records.get(1), records.get(0), records.get(1)));
        List<ReportFact> facts = facts("moved");
        assertEquals(1, facts.size(), "the fact at the first start is a tombstone now: " + facts);
        assertEquals(T0.minusSeconds(20), facts.get(0).startedAt());
        assertEquals(40_000, facts.get(0).waitMillis());
    }
}
