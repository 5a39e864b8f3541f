// Stream function tests: real call items written by the real store to the DynamoDB engine, handed to the handler as
// stream records (old and new images), with the missed-calls table on the DynamoDB engine and events published over
// HTTP to a loopback PutEvents endpoint.
package io.callhook.missed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.callhook.call.CallEvent;
import io.callhook.call.CallOutcomes;
import io.callhook.worklist.CallbackItem;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.call.MissReason;
import io.callhook.call.MissedCall;
import io.callhook.config.Environment;
import io.callhook.config.LineSettingsConfig;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.store.CallbackStore;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.store.MissedCallStore;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.LocalEventBus;
import io.callhook.testing.SampleCauses;
import io.callhook.testing.StreamRecords;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MissedCallsHandlerTest {

    static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    static final LocalDate DAY = LocalDate.parse("2026-11-23");
    static final AtomicLong SEQUENCE = new AtomicLong(1000);

    static DynamoDbJsonClient dynamo;
    static Map<String, String> tables;
    static String callsTable;
    static DynamoCallStore calls;
    static MissedCallStore missed;
    static CallbackStore callbacks;
    static LocalEventBus bus;
    static MissedCallsHandler handler;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        tables = local.createTables();
        bus = new LocalEventBus();
        Environment env = local.functionEnvironment("MissedCallsFunction", tables,
                Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint()));
        handler = new MissedCallsHandler(env);
        dynamo = local.client();
        callsTable = tables.get("CallsTable");
        calls = new DynamoCallStore(dynamo, callsTable, Duration.ofDays(365));
        missed = DynamoMissedCallStore.fromEnvironment(dynamo, env);
        callbacks = DynamoCallbackStore.fromEnvironment(dynamo, env);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @BeforeEach
    void clearBus() {
        bus.failing(false);
        bus.refuseEntries(e -> false);
        bus.clear();
    }

    /** Applies an event with the real store and returns the stream record DynamoDB would emit for it. */
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

    static DynamodbEvent batch(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    static CallEvent newCall(String callId, String queue) {
        return CallEvent.builder(callId, "pbx", EventType.NEW_CALL, T0).direction(Direction.IN).from("+4930111")
                .to("+4922199").queue(queue).users(Set.of("Emma Taylor")).ringingAt(T0).build();
    }

    static CallEvent hangup(String callId, String cause) {
        return CallEvent.builder(callId, "pbx", EventType.HANGUP, T0.plusSeconds(25)).direction(Direction.IN)
                .endedAt(T0.plusSeconds(25)).cause(cause, SampleCauses.canonical(cause)).build();
    }

    static CallEvent answer(String callId, String by) {
        return CallEvent.builder(callId, "pbx", EventType.ANSWER, T0.plusSeconds(40)).direction(Direction.IN)
                .answeredAt(T0.plusSeconds(40)).answeredBy(by).build();
    }

    static long count(String line) {
        return missed.counts("1", line, DAY, DAY, 5000).counts().stream().mapToLong(MissedCallStore.DayCount::count)
                .sum();
    }

    static List<MissedCall> entries(String line) {
        return missed.entries("1", line, T0.minusSeconds(3600), T0.plusSeconds(3600), 300, 1 << 20, entry -> 1,
                null).items();
    }

    @Test
    void aCancelledInboundCallIsListedCountedAndPublished() {
        List<DynamodbEvent.DynamodbStreamRecord> records = List.of(change(newCall("m-1", "sales")),
                change(hangup("m-1", "cancel")));
        StreamsEventResponse response = handler.handleRequest(batch(records), null);
        assertEquals(List.of(), response.getBatchItemFailures());
        List<MissedCall> listed = entries("sales");
        assertEquals(1, listed.size());
        MissedCall entry = listed.get(0);
        assertEquals("pbx:m-1", entry.callId());
        assertEquals(Cause.CANCEL, entry.cause());
        assertEquals(25L, entry.waitingSeconds());
        assertEquals(false, entry.done());
        assertEquals(1, count("sales"));
        List<LocalEventBus.Entry> published = bus.entries("MissedCall");
        assertEquals(1, published.size());
        assertEquals("pbx:m-1", published.get(0).detail().get("callId"));
        assertEquals("sales", published.get(0).detail().get("line"));
        assertEquals("cancel", published.get(0).detail().get("cause"));
    }

    /** A Lambda context whose remaining time is scripted: one value per question, the last one repeated. */
    static Context remaining(long... millis) {
        AtomicInteger asked = new AtomicInteger();
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) millis[Math.min(asked.getAndIncrement(),
                            millis.length - 1)];
                    case "getAwsRequestId" -> "deadline-request";
                    case "getFunctionName" -> "MissedCallsFunction";
                    case "getMemoryLimitInMB" -> 1024;
                    default -> null;
                });
    }

    @Test
    void recordsNotStartedBeforeTheMarginAreReportedAndTheirRedeliveryAppliesThem() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(change(newCall("deadline-" + i, "deadline")));
            records.add(change(hangup("deadline-" + i, "cancel")));
        }
        long margin = MissedCallsHandler.STOP_MARGIN.toMillis();
        // the invocation's deadline is read first; ample time for the first three records, then less than the margin
        StreamsEventResponse stopped = handler.handleRequest(batch(records),
                remaining(100_000, 90_000, 80_000, 70_000, margin - 1));
        List<String> reported = stopped.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
        List<String> rest = records.subList(3, 8).stream().map(r -> r.getDynamodb().getSequenceNumber()).toList();
        assertEquals(rest, reported, "the records from the first one not started on");
        assertEquals(1, count("deadline"), "only deadline-0 (records 1 and 2) was applied");
        assertEquals(List.of("pbx:deadline-0"), entries("deadline").stream().map(MissedCall::callId).toList());

        // Lambda re-delivers from the lowest reported sequence number
        StreamsEventResponse redelivered = handler.handleRequest(batch(records.subList(3, 8)), remaining(90_000));
        assertEquals(List.of(), redelivered.getBatchItemFailures());
        assertEquals(4, count("deadline"));
        assertEquals(4, bus.entries("MissedCall").size(), "each missed call published once");
    }

    @Test
    void aBatchWithTimeLeftIsHandledWhole() {
        List<DynamodbEvent.DynamodbStreamRecord> records = List.of(change(newCall("time-1", "time")),
                change(hangup("time-1", "busy")));
        StreamsEventResponse response = handler.handleRequest(batch(records),
                remaining(MissedCallsHandler.STOP_MARGIN.toMillis()));
        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals(1, count("time"));
    }

    @Test
    void replayingABatchAnyNumberOfTimesKeepsCountsExact() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(change(newCall("replay-" + i, "replay")));
            records.add(change(hangup("replay-" + i, i % 2 == 0 ? "busy" : "noAnswer")));
        }
        records.add(change(answer("replay-4", "jdoe")));
        for (int round = 0; round < 4; round++) {
            assertEquals(List.of(), handler.handleRequest(batch(records), null).getBatchItemFailures());
            assertEquals(4, count("replay"), "round " + round);
            assertEquals(4, entries("replay").size(), "round " + round);
        }
    }

    @Test
    void aLateAnswerRetractsTheMissedCall() {
        handler.handleRequest(batch(List.of(change(newCall("late-1", "late")), change(hangup("late-1", "cancel")))),
                null);
        assertEquals(1, count("late"));
        handler.handleRequest(batch(List.of(change(answer("late-1", "jdoe")))), null);
        assertEquals(0, count("late"));
        assertEquals(List.of(), entries("late"));
        List<LocalEventBus.Entry> retracted = bus.entries("MissedCallRetracted");
        assertEquals(1, retracted.size());
        assertEquals("pbx:late-1", retracted.get(0).detail().get("callId"));
    }

    @Test
    void aMissedCallListedBeforeItsOrganizationsShardCountWasRaisedIsRetractedFromItsShard() {
        java.util.concurrent.atomic.AtomicReference<io.callhook.config.ShardCounts> counts =
                new java.util.concurrent.atomic.AtomicReference<>(io.callhook.config.ShardCounts.parse("", 1));
        DynamoMissedCallStore store = new DynamoMissedCallStore(dynamo, tables.get("MissedCallsTable"), counts::get,
                io.callhook.store.Contention.Backoff.standard());
        MissedCallsHandler raised = new MissedCallsHandler(store, callbacks, (type, detail) -> { }, Set.of());
        String id = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "raise-" + i)
                .filter(c -> io.callhook.store.CallKeys.shardOf("pbx:" + c, 8) != 0).findFirst().orElseThrow();
        raised.handleRequest(batch(List.of(change(newCall(id, "raise")), change(hangup(id, "cancel")))), null);
        assertEquals(1, store.counts("1", "raise", DAY, DAY, 10).counts().size());
        // OrganizationShards 1:8 in the config table; the call's record stays in shard 0 (orgShard)
        counts.set(io.callhook.config.ShardCounts.parse("1:8", 1));
        raised.handleRequest(batch(List.of(change(answer(id, "jdoe")))), null);
        assertEquals(List.of(), store.entries("1", "raise", T0.minusSeconds(3600), T0.plusSeconds(3600), 300,
                1 << 20, entry -> 1, null).items(), "the late answer removed the entry from shard 0");
        assertEquals(0, store.counts("1", "raise", DAY, DAY, 10).counts().stream()
                .mapToLong(MissedCallStore.DayCount::count).sum());
    }

    @Test
    void answeredForwardedAndOutboundCallsAreNotMissedButVoicemailIs() {
        handler.handleRequest(batch(List.of(
                change(newCall("rule-answered", "rules")), change(answer("rule-answered", "jdoe")),
                change(hangup("rule-answered", "normalClearing")),
                change(newCall("rule-forwarded", "rules")), change(hangup("rule-forwarded", "forwarded")),
                change(newCall("rule-voicemail", "rules")), change(answer("rule-voicemail", "voicemail")),
                change(hangup("rule-voicemail", "normalClearing")))), null);
        assertEquals(List.of("pbx:rule-voicemail"), entries("rules").stream().map(MissedCall::callId).toList());
        assertEquals(1, count("rules"));
    }

    @Test
    void aLateNewCallMovesTheEntryToItsLineWithoutDoubleCounting() {
        handler.handleRequest(batch(List.of(change(hangup("move-1", "cancel")))), null);
        assertEquals(0, count("+4922199"), "the number called is unknown until newCall arrives");
        assertEquals(1, count("unknown"));
        calls.apply(CallEvent.builder("move-2", "pbx", EventType.HANGUP, T0).direction(Direction.IN).to("+4922199")
                .endedAt(T0.plusSeconds(25)).cause("cancel", Cause.CANCEL).build());
        var first = change(CallEvent.builder("move-2", "pbx", EventType.OTHER, T0).build());
        handler.handleRequest(batch(List.of(first)), null);
        assertEquals(1, count("+4922199"));
        handler.handleRequest(batch(List.of(change(newCall("move-2", "moved")))), null);
        assertEquals(0, count("+4922199"));
        assertEquals(1, count("moved"));
        List<LocalEventBus.Entry> published = bus.entries("MissedCall").stream()
                .filter(e -> "pbx:move-2".equals(e.detail().get("callId"))).toList();
        assertEquals(List.of("moved"), published.stream().map(e -> e.detail().get("line")).toList(),
                "consumers learn the new line under the same callId");
        assertEquals(0, bus.entries("MissedCallRetracted").size());
    }

    @Test
    void aPoisonRecordIsABatchItemFailureAndTheRestSucceed() {
        var good = change(newCall("poison-ok", "poison"));
        var goodEnd = change(hangup("poison-ok", "busy"));
        var poison = change(newCall("poison-bad", "poison"));
        poison.getDynamodb().getNewImage().get("direction").setS("sideways");
        var laterOfPoisonedCall = change(hangup("poison-bad", "busy"));
        StreamsEventResponse response = handler.handleRequest(batch(List.of(good, poison, goodEnd,
                laterOfPoisonedCall)), null);
        assertEquals(List.of(poison.getDynamodb().getSequenceNumber(),
                        laterOfPoisonedCall.getDynamodb().getSequenceNumber()),
                response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                        .toList());
        assertEquals(List.of("pbx:poison-ok"), entries("poison").stream().map(MissedCall::callId).toList());
    }

    @Test
    void aFailedPublishIsRetriedWithoutCountingTwice() {
        var records = List.of(change(newCall("bus-1", "bus")), change(hangup("bus-1", "cancel")));
        bus.failing(true);
        StreamsEventResponse failed = handler.handleRequest(batch(records), null);
        assertEquals(List.of(records.get(1).getDynamodb().getSequenceNumber()),
                failed.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                        .toList());
        bus.failing(false);
        assertEquals(List.of(), handler.handleRequest(batch(records), null).getBatchItemFailures());
        assertEquals(1, count("bus"));
        assertEquals(1, bus.entries("MissedCall").size());
        assertTrue(entries("bus").get(0).users().contains("Emma Taylor"));
    }

    @Test
    void entriesEventBridgeRefusesAreBatchItemFailuresAndTheRedeliveryPublishesThem() {
        var records = List.of(change(newCall("partial-1", "partial")), change(hangup("partial-1", "cancel")),
                change(newCall("partial-2", "partial")), change(hangup("partial-2", "cancel")));
        bus.refuseEntries(e -> "pbx:partial-2".equals(e.detail().get("callId")));

        StreamsEventResponse first = handler.handleRequest(batch(records), null);

        assertEquals(List.of(records.get(3).getDynamodb().getSequenceNumber()),
                first.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                        .toList(), "only the record whose entry PutEvents refused (FailedEntryCount 1)");
        assertEquals(List.of("pbx:partial-1"), bus.entries("MissedCall").stream()
                .map(e -> e.detail().get("callId")).toList());

        bus.refuseEntries(e -> false);
        StreamsEventResponse redelivered = handler.handleRequest(batch(records.subList(3, 4)), null);

        assertEquals(List.of(), redelivered.getBatchItemFailures());
        assertEquals(List.of("pbx:partial-1", "pbx:partial-2"), bus.entries("MissedCall").stream()
                .map(e -> e.detail().get("callId")).toList(), "nothing lost");
        assertEquals(2, count("partial"), "counted once each");
    }

    @Test
    void theSampleStreamEventsListAndRetractAMissedCall() {
        java.nio.file.Path events = io.callhook.template.SamTemplate.find().getParent().resolve("events/missed-calls");
        DynamodbEvent missedEvent = com.amazonaws.services.lambda.runtime.tests.EventLoader.loadDynamoDbEvent(
                events.resolve("hangup-missed.json").toString());
        assertEquals(List.of(), handler.handleRequest(missedEvent, null).getBatchItemFailures());
        assertEquals(List.of("local:307fa962-de8d-4ffc-817b-7f6993204159"),
                missed.entries("1", "support", Instant.parse("2025-11-23T00:00:00Z"),
                        Instant.parse("2025-11-24T00:00:00Z"), 10, 1 << 20, entry -> 1, null).items().stream()
                        .map(MissedCall::callId).toList());
        assertEquals(1, bus.entries("MissedCall").size());
        DynamodbEvent answered = com.amazonaws.services.lambda.runtime.tests.EventLoader.loadDynamoDbEvent(
                events.resolve("late-answer-retracted.json").toString());
        assertEquals(List.of(), handler.handleRequest(answered, null).getBatchItemFailures());
        assertEquals(0, missed.counts("1", "support", LocalDate.parse("2025-11-23"), LocalDate.parse("2025-11-23"),
                5000).counts().stream().mapToLong(MissedCallStore.DayCount::count).sum());
        assertEquals(1, bus.entries("MissedCallRetracted").size());
    }

    static Map<String, Long> reasons(String line) {
        return missed.counts("1", line, DAY, DAY, 5000).counts().get(0).reasons();
    }

    @Test
    void aCallClosedByInferenceIsMissedForAnUnknownReasonUntilTheRealHangupReplacesItAndAnAnswerRetractsIt() {
        handler.handleRequest(batch(List.of(change(newCall("inf-1", "inferred")),
                change(CallOutcomes.inferredHangup(calls.find("pbx:inf-1").orElseThrow(), T0.plusSeconds(1800))))),
                null);
        MissedCall entry = entries("inferred").get(0);
        assertEquals(MissReason.UNKNOWN, entry.reason());
        assertEquals(T0, entry.endedAt(), "the last known activity");
        assertEquals(Map.of("unknown", 1L), reasons("inferred"));
        assertEquals("unknown", bus.entries("MissedCall").get(0).detail().get("reason"));

        List<DynamodbEvent.DynamodbStreamRecord> hangup = List.of(change(hangup("inf-1", "busy")));
        for (int round = 0; round < 3; round++) {
            assertEquals(List.of(), handler.handleRequest(batch(hangup), null).getBatchItemFailures());
            assertEquals(1, count("inferred"), "round " + round);
            assertEquals(Map.of("busy", 1L), reasons("inferred"), "round " + round);
        }
        assertEquals(MissReason.BUSY, entries("inferred").get(0).reason());
        assertEquals(T0.plusSeconds(25), entries("inferred").get(0).endedAt());
        assertEquals(List.of("unknown", "busy"), bus.entries("MissedCall").stream()
                .map(e -> e.detail().get("reason")).distinct().toList(), "published again with the real reason");

        handler.handleRequest(batch(List.of(change(answer("inf-1", "jdoe")))), null);
        assertEquals(List.of(), entries("inferred"));
        assertEquals(0, count("inferred"));
        assertEquals(Map.of(), reasons("inferred"));
    }

    @Test
    void aLineThatLeavesShortAbandonsOutListsNoneButCountsTheLongOnes() {
        MissedCallsHandler strict = new MissedCallsHandler(LocalDynamo.shared().functionEnvironment(
                "MissedCallsFunction", tables, Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint(),
                        LineSettingsConfig.VARIABLE, "{\"strict\": {\"shortAbandonSeconds\": 30, "
                                + "\"countShortAbandons\": false}}")));
        strict.handleRequest(batch(List.of(change(newCall("short-1", "strict")), change(hangup("short-1", "cancel")),
                change(newCall("short-2", "strict")), change(hangup("short-2", "busy")))), null);
        assertEquals(List.of("pbx:short-2"), entries("strict").stream().map(MissedCall::callId).toList());
        assertEquals(Map.of("busy", 1L), reasons("strict"));
    }

    @Test
    void theSampleStreamEventsOpenACallbackItemAndAnAnsweredCallbackResolvesIt() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        MissedCallsHandler own = new MissedCallsHandler(local.functionEnvironment("MissedCallsFunction", tables,
                Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint())));
        CallbackStore worklist = new DynamoCallbackStore(dynamo, tables.get("CallbacksTable"), 1,
                Duration.ofDays(365));
        java.nio.file.Path events = io.callhook.template.SamTemplate.find().getParent().resolve("events/missed-calls");
        assertEquals(List.of(), own.handleRequest(com.amazonaws.services.lambda.runtime.tests.EventLoader
                .loadDynamoDbEvent(events.resolve("hangup-missed.json").toString()), null).getBatchItemFailures());
        List<CallbackStore.Entry> open = worklist.open("1", "support", 10, 1 << 20, e -> 1, null).items();
        assertEquals(1, open.size());
        assertEquals("+493023125741", open.get(0).item().number(), "keyed in E.164 (sent as 493023125741)");
        assertEquals(1, bus.entries("CallbackOpened").size());

        assertEquals(List.of(), own.handleRequest(com.amazonaws.services.lambda.runtime.tests.EventLoader
                .loadDynamoDbEvent(events.resolve("callback-answered.json").toString()), null)
                .getBatchItemFailures());
        CallbackItem resolved = worklist.item("1", open.get(0).item().id()).orElseThrow().item();
        assertEquals(CallbackItem.State.RESOLVED, resolved.state());
        assertEquals("local:5b1e7c2a-0f3d-4c59-9a57-2d8e61f0c9b4", resolved.resolution().callId());
        assertEquals(910, resolved.resolution().secondsToResolve());
        assertEquals(List.of(open.get(0).item().id()), bus.entries("CallbackResolved").stream()
                .map(e -> e.detail().get("itemId")).toList());
    }

    /**
     * The worklist keys a caller by E.164 in the organization's default region (DE, the deployment's default here):
     * three spellings of one number are one item with three misses, and its number is the E.164 one.
     */
    @Test
    void everySpellingOfOneNumberMakesOneWorklistItem() {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        MissedCallsHandler own = new MissedCallsHandler(local.functionEnvironment("MissedCallsFunction", tables,
                Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint())));
        DynamoCallStore ownCalls = new DynamoCallStore(dynamo, tables.get("CallsTable"), Duration.ofDays(365));
        List<String> spellings = List.of("+49 30 111", "0049 30 111", "030 111");
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < spellings.size(); i++) {
            Instant at = T0.plusSeconds(60L * i);
            String callId = "spelling-" + i;
            for (CallEvent event : List.of(CallEvent.builder(callId, "pbx", EventType.NEW_CALL, at)
                            .direction(Direction.IN).from(spellings.get(i)).to("+4922199").queue("spellings")
                            .ringingAt(at).build(),
                    CallEvent.builder(callId, "pbx", EventType.HANGUP, at.plusSeconds(25)).direction(Direction.IN)
                            .endedAt(at.plusSeconds(25)).cause("cancel", Cause.CANCEL).build())) {
                Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("pbx:" + callId));
                Map<String, AttributeValue> before = image(tables.get("CallsTable"), key);
                ownCalls.apply(event);
                records.add(StreamRecords.change(key, before, image(tables.get("CallsTable"), key),
                        Long.toString(SEQUENCE.incrementAndGet())));
            }
        }
        assertEquals(List.of(), own.handleRequest(batch(records), null).getBatchItemFailures());
        CallbackStore worklist = new DynamoCallbackStore(dynamo, tables.get("CallbacksTable"), 1,
                Duration.ofDays(365));
        List<CallbackStore.Entry> open = worklist.open("1", "spellings", 10, 1 << 20, e -> 1, null).items();
        assertEquals(1, open.size(), "one item, not one per spelling: " + open);
        assertEquals("+4930111", open.get(0).item().number());
        assertEquals(3, open.get(0).item().missCount());
    }

    static Map<String, AttributeValue> image(String table, Map<String, AttributeValue> key) {
        var response = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    @Test
    void theCallLogMarkerIsNotThisFunctionsButRidesOnTheMissedCallsMarkerWhereThatIsFree() {
        DynamoCallStore other = new DynamoCallStore(dynamo, callsTable, Duration.ofDays(365),
                io.callhook.config.Organizations.parse("pbx2:org-b", "1"), 1);
        long logA = Long.parseLong(missed.callLogMarker("1"));
        String logB = missed.callLogMarker("org-b");
        String missedA = missed.changeMarker("1");
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(change(newCall("log-mark-" + i, "log-mark")));
            records.add(change(answer("log-mark-" + i, "jdoe")));
        }
        for (CallEvent event : List.of(
                CallEvent.builder("log-mark-b", "pbx2", EventType.NEW_CALL, T0).direction(Direction.IN)
                        .from("+4930222").to("+4922199").queue("log-mark").ringingAt(T0).build(),
                CallEvent.builder("log-mark-b", "pbx2", EventType.ANSWER, T0.plusSeconds(5)).direction(Direction.IN)
                        .answeredAt(T0.plusSeconds(5)).answeredBy("jdoe").build())) {
            Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("pbx2:log-mark-b"));
            Map<String, AttributeValue> before = dynamo.getItem(b -> b.tableName(callsTable).key(key)
                    .consistentRead(true)).item();
            other.apply(event);
            records.add(StreamRecords.change(key, before == null || before.isEmpty() ? null : before,
                    dynamo.getItem(b -> b.tableName(callsTable).key(key).consistentRead(true)).item(),
                    Long.toString(SEQUENCE.incrementAndGet())));
        }
        assertEquals(List.of(), handler.handleRequest(batch(records), null).getBatchItemFailures());
        // the caller-log marker's own stream reader (CallLogMarkerFunction) raises it for these changes
        assertEquals(logA, Long.parseLong(missed.callLogMarker("1")), "no missed call: no raise here");
        assertEquals(logB, missed.callLogMarker("org-b"));
        assertEquals(missedA, missed.changeMarker("1"), "no missed call: the missed calls' marker stays");

        // a missed call's listing raises both markers in one write (the caller log's costs nothing there)
        long missedBefore = Long.parseLong(missed.changeMarker("1"));
        assertEquals(List.of(), handler.handleRequest(batch(List.of(change(newCall("log-mark-missed", "log-mark")),
                change(hangup("log-mark-missed", "cancel")))), null).getBatchItemFailures());
        assertEquals(missedBefore + 1, Long.parseLong(missed.changeMarker("1")));
        assertEquals(logA + 1, Long.parseLong(missed.callLogMarker("1")));
    }
}
