// Erasure over the engine: a history written through the webhook store and the real stream function
// (MissedCallsHandler: missed entries, counts, callback worklist), erased by the job's steps; then every table and
// every index is scanned for the number in any format, late webhooks and replayed stream records are sent, and the
// engine fails requests while a job runs.
package io.callhook.agentapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.callhook.aws.Retries;
import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.call.MissSettings;
import io.callhook.config.Environment;
import io.callhook.config.Setting;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.engine.Faults;
import io.callhook.missed.MissedCallsHandler;
import io.callhook.privacy.ErasedNumbers;
import io.callhook.privacy.ErasureJob;
import io.callhook.privacy.NumberMatcher;
import io.callhook.store.CallItemLayout;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import io.callhook.store.DynamoConfigStore;
import io.callhook.store.DynamoMissedCallStore;
import io.callhook.store.MissedCallStore;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.StreamRecords;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

class ErasureTest {

    static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    /** The number's national significant digits: any stored text whose digit runs hold them is a trace. */
    static final String DIGITS = "3023125741";
    /** The number as PBXs sent it: international, with 00, national, with separators, as a SIP URI detail. */
    static final List<String> FORMATS = List.of("+49 30 23125741", "0049 30 2312-5741", "030 23125741",
            "493023125741", "+49 (30) 2312.5741");
    static final String OTHER = "+49 221 4710334";

    final LocalDynamo local = LocalDynamo.shared();
    final DynamoDbJsonClient dynamo = local.client();
    final Map<String, String> tables = local.createTables();
    final Environment env = local.functionEnvironment("AdminApiFunction", tables,
            Map.of(Erasures.SETTLE_VARIABLE, "0", "CONFIG_CACHE_SECONDS", "0"));
    final DynamoCallStore calls = DynamoCallStore.fromEnvironment(dynamo, env);
    final MissedCallStore missed = DynamoMissedCallStore.fromEnvironment(dynamo, env);
    final DynamoConfigStore config = new DynamoConfigStore(dynamo, tables.get("ConfigTable"));
    final MissedCallsHandler stream = new MissedCallsHandler(missed, DynamoCallbackStore.fromEnvironment(dynamo, env),
            (type, detail) -> { }, () -> MissSettings.of(Set.of("voicemail")),
            () -> ErasedNumbers.parse(String.join(",", config.entries(Setting.ERASED_NUMBERS).values())));
    final Erasures erasures = Erasures.fromEnvironment(dynamo, env);
    /** Every stream record the history produced, to replay later. */
    final List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
    final List<CallEvent> sent = new ArrayList<>();
    int sequence;

    @AfterEach
    void clearFaults() {
        local.engine().faults().clear();
    }

    /** Writes an event as the webhook does, then hands its stream record to the stream function. */
    void deliver(CallEvent event) {
        sent.add(event);
        Map<String, AttributeValue> key = CallItemLayout.key("pbx:" + event.callId());
        Map<String, AttributeValue> before = item(key);
        calls.apply(event);
        DynamodbEvent.DynamodbStreamRecord record = StreamRecords.change(key, before, item(key),
                Integer.toString(++sequence));
        records.add(record);
        deliver(record);
    }

    void deliver(DynamodbEvent.DynamodbStreamRecord record) {
        DynamodbEvent batch = new DynamodbEvent();
        batch.setRecords(List.of(record));
        assertEquals(List.of(), stream.handleRequest(batch, null).getBatchItemFailures());
    }

    Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        return dynamo.getItem(b -> b.tableName(tables.get("CallsTable")).key(key).consistentRead(true)).item();
    }

    /** A call: inbound from {@code number} (missed unless answered) or outbound to it. */
    void call(String id, boolean inbound, String number, boolean answered, int minute) {
        Instant at = T0.plusSeconds(60L * minute);
        deliver(CallEvent.builder(id, "pbx", EventType.NEW_CALL, at).direction(inbound ? Direction.IN : Direction.OUT)
                .from(inbound ? number : "+4922100").to(inbound ? "+4922100" : number).queue("support")
                .users(Set.of("emma")).ringingAt(at).attribute("callerName", inbound ? number : "desk").build());
        if (answered) {
            deliver(CallEvent.builder(id, "pbx", EventType.ANSWER, at.plusSeconds(5)).answeredBy("emma")
                    .answeredAt(at.plusSeconds(5)).build());
        }
        deliver(CallEvent.builder(id, "pbx", EventType.HANGUP, at.plusSeconds(40)).endedAt(at.plusSeconds(40))
                .cause(answered ? "normalClearing" : "cancel", answered ? Cause.NORMAL : Cause.CANCEL).build());
    }

    /** The number's history in every format, and another caller's. */
    void history() {
        call("n1", true, FORMATS.get(0), false, 0);
        call("n2", true, FORMATS.get(1), false, 1);
        call("n3", true, FORMATS.get(2), false, 2);
        call("n4", false, FORMATS.get(3), false, 3);
        call("n5", false, FORMATS.get(4), true, 4);
        call("o1", true, OTHER, false, 5);
        call("o2", true, OTHER, false, 6);
    }

    ErasureJob runToEnd(String organization, NumberMatcher number) {
        ErasureJob job = erasures.start(organization, number, "admin", Instant.now());
        for (int i = 0; i < 100 && job.status() != ErasureJob.Status.DONE; i++) {
            job = erasures.step(organization, job.jobId(), Instant.now()).orElseThrow();
        }
        assertEquals(ErasureJob.Status.DONE, job.status());
        return job;
    }

    /** Every text in every table and index holding the number's digits, as table / index: text. */
    List<String> traces() {
        List<String> found = new ArrayList<>();
        try (var sdk = local.sdkClient()) {
            for (String table : tables.values()) {
                List<String> indexes = new ArrayList<>();
                indexes.add(null);
                var description = sdk.describeTable(b -> b.tableName(table)).table();
                if (description.hasGlobalSecondaryIndexes()) {
                    description.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName)
                            .forEach(indexes::add);
                }
                for (String index : indexes) {
                    ScanRequest.Builder scan = ScanRequest.builder().tableName(table).indexName(index);
                    sdk.scanPaginator(scan.build()).items().forEach(item -> item.values().forEach(value ->
                            texts(value).forEach(text -> {
                                if (holdsDigits(text)) {
                                    found.add(table + (index == null ? "" : "/" + index) + ": " + text);
                                }
                            })));
                }
            }
        }
        return found;
    }

    static boolean holdsDigits(String text) {
        Matcher runs = Pattern.compile("[0-9][0-9\\s\\-./()]*").matcher(text);
        while (runs.find()) {
            if (runs.group().replaceAll("[^0-9]", "").contains(DIGITS)) {
                return true;
            }
        }
        return false;
    }

    static List<String> texts(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        List<String> texts = new ArrayList<>();
        if (value.s() != null) {
            texts.add(value.s());
        }
        texts.addAll(value.ss());
        value.m().values().forEach(v -> texts.addAll(texts(v)));
        value.l().forEach(v -> texts.addAll(texts(v)));
        return texts;
    }

    long missedCount() {
        return missed.counts("1", "support", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"), 100)
                .counts().stream().mapToLong(MissedCallStore.DayCount::count).sum();
    }

    @Test
    void anErasureLeavesNoTraceOfTheNumberInAnyFormatInAnyTableOrIndexAndKeepsTheCounts() {
        history();
        io.callhook.store.DynamoContactStore contacts = io.callhook.store.DynamoContactStore.fromEnvironment(dynamo,
                env);
        contacts.save("1", List.of(new io.callhook.contact.Contact("+493023125741", "Anna Schmidt", "Acme", null),
                new io.callhook.contact.Contact("+492214710334", "Olaf Other", null, null)));
        assertFalse(traces().isEmpty(), "the history holds the number");
        long counted = missedCount();
        assertEquals(5, counted, "n1 n2 n3 o1 o2 missed");

        ErasureJob job = runToEnd("1", NumberMatcher.of("+49 30 2312 5741", "49"));

        assertEquals(List.of(), traces());
        assertEquals(1L, job.removed().get("contacts"), "the contact of the number: " + job.removed());
        assertEquals(Set.of("+492214710334"), contacts.find("1", Set.of("+493023125741", "+492214710334")).keySet(),
                "another number's contact stays");
        assertEquals(5L, job.removed().get("calls"));
        assertEquals(3L, job.removed().get("missedCalls"));
        assertTrue(job.removed().get("callbacks") > 0, job.removed().toString());
        assertEquals(counted, missedCount(), "counts keep the erased calls");
        assertTrue(calls.find("pbx:o1").isPresent(), "another caller's calls stay");
        assertEquals(OTHER, calls.find("pbx:o1").orElseThrow().from());
        assertTrue(calls.find("pbx:n1").isPresent(), "a tombstone is no call: " + item(CallItemLayout.key("pbx:n1")));
        assertEquals(Set.of("pk", "erasedAt", "expiresAt"), item(CallItemLayout.key("pbx:n1")).keySet());
        assertEquals(null, job.number(), "a finished job keeps no number");
    }

    /**
     * An organization whose calls are spread over more index shards than the deployment's default (its
     * {@code OrganizationShards} entry): the erasure reads every one of its shards, and the records by key (the
     * {@code byOrganization} index holds keys only).
     */
    @Test
    void anErasureReadsEveryShardOfTheOrganizationAsItsShardCountSays() {
        config.put(Setting.ORGANIZATION_SHARDS, "1", "1:4");
        history();
        assertTrue(shardsHolding() > 1, "the history is spread over several shards");

        ErasureJob job = runToEnd("1", NumberMatcher.of("+49 30 2312 5741", "49"));

        assertEquals(List.of(), traces());
        assertEquals(5L, job.removed().get("calls"));
        assertEquals(3L, job.removed().get("missedCalls"));
        assertEquals(OTHER, calls.find("pbx:o1").orElseThrow().from());
    }

    /** How many of organization 1's byOrganization partitions hold calls. */
    long shardsHolding() {
        try (var sdk = local.sdkClient()) {
            return sdk.scan(ScanRequest.builder().tableName(tables.get("CallsTable")).build()).items().stream()
                    .map(item -> item.get(CallItemLayout.ORGANIZATION_SHARD))
                    .filter(java.util.Objects::nonNull).map(v -> v.s()).distinct().count();
        }
    }

    @Test
    void lateAndReplayedWebhooksAndStreamRecordsDoNotBringTheNumberBack() {
        history();
        runToEnd("1", NumberMatcher.of("0049 30 23125741", "49"));
        long counted = missedCount();
        // every webhook again, in reverse order, twice; then every stream record the history produced, old first
        List<CallEvent> again = new ArrayList<>(sent);
        java.util.Collections.reverse(again);
        for (int round = 0; round < 2; round++) {
            again.forEach(calls::apply);
        }
        records.forEach(this::deliver);
        assertEquals(List.of(), traces());
        assertEquals(counted, missedCount());
        assertEquals(Set.of("pk", "erasedAt", "expiresAt"), item(CallItemLayout.key("pbx:n2")).keySet());
        // a call first heard of after the erasure is new: the person called again
        call("n6", true, "+49 30 23125741", false,
                (int) java.time.Duration.between(T0, Instant.now()).toMinutes() + 1);
        assertEquals("+49 30 23125741", calls.find("pbx:n6").orElseThrow().from());
        assertEquals(1, missed.counts("1", "support", LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1),
                LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1), 100).counts().stream()
                .mapToLong(MissedCallStore.DayCount::count).sum());
    }

    /** The webhooks' store: it checks each event's strings against the cached tombstones (cache 0 here). */
    DynamoCallStore webhook(DynamoDbJsonClient client, Environment environment) {
        return DynamoCallStore.live(client, environment, DynamoConfigStore.liveConfig(client, environment));
    }

    /** As {@link #deliver(CallEvent)}, through {@code store}; a write that changed nothing makes no stream record. */
    void deliver(DynamoCallStore store, CallEvent event) {
        Map<String, AttributeValue> key = CallItemLayout.key("pbx:" + event.callId());
        Map<String, AttributeValue> before = item(key);
        store.apply(event);
        Map<String, AttributeValue> after = item(key);
        if (!after.equals(before)) {
            deliver(StreamRecords.change(key, before, after, Integer.toString(++sequence)));
        }
    }

    /**
     * The gap a tombstone on the calls alone leaves: a call callhook heard of before the erasure without the number
     * (its first event carried none, or the one carrying it is late) is no call of the number when the calls step
     * runs; the webhook's late events holding the number (in any format, in any field) must not write it.
     */
    @Test
    void lateWebhooksHoldingTheNumberOfACallHeardOfBeforeTheErasureWriteNothingAndALaterCallIsRecorded() {
        DynamoCallStore webhook = webhook(dynamo, env);
        history();
        Instant before = T0.plusSeconds(3600);
        // heard of before the erasure, without the number: an answer, a ring on the line without the caller
        deliver(webhook, CallEvent.builder("late1", "pbx", EventType.ANSWER, before).answeredBy("emma")
                .answeredAt(before).build());
        deliver(webhook, CallEvent.builder("late2", "pbx", EventType.NEW_CALL, before).direction(Direction.IN)
                .queue("support").ringingAt(before).build());
        ErasureJob job = runToEnd("1", NumberMatcher.of("+49 30 23125741", "49"));
        assertEquals(5L, job.removed().get("calls"), "late1 and late2 hold no number: not the number's calls");
        Instant after = Instant.now().plusSeconds(1);

        // late events after the erasure: the number as the caller, in another format, in a detail only; a newCall
        // received before the erasure and delivered late; a forward continuing late1
        deliver(webhook, CallEvent.builder("late1", "pbx", EventType.HANGUP, after).direction(Direction.IN)
                .from("0049 30 2312-5741").to("+4922100").endedAt(after).cause("cancel", Cause.CANCEL).build());
        deliver(webhook, CallEvent.builder("late2", "pbx", EventType.HANGUP, after).from("030 23125741")
                .attribute("callUri", "sip:+493023125741@pbx").endedAt(after).cause("cancel", Cause.CANCEL).build());
        deliver(webhook, CallEvent.builder("late2", "pbx", EventType.ANSWER, after)
                .attribute("callerName", "+49 (30) 2312.5741").answeredAt(after).build());
        deliver(webhook, CallEvent.builder("late3", "pbx", EventType.NEW_CALL, before).direction(Direction.IN)
                .from("+49 30 23125741").to("+4922100").queue("support").ringingAt(before).build());
        deliver(webhook, CallEvent.builder("late4", "pbx", EventType.NEW_CALL, before).direction(Direction.OUT)
                .from("+4922100").to("493023125741").previousCallId("late1").build());

        assertEquals(List.of(), traces());
        CallRecord late1 = calls.find("pbx:late1").orElseThrow();
        assertEquals(null, late1.from(), "the record keeps what it had, and gets nothing of the late events");
        assertEquals(Set.of("answer"), late1.events());
        assertEquals(Set.of("newCall"), calls.find("pbx:late2").orElseThrow().events());
        assertFalse(calls.find("pbx:late3").isPresent(), "a late newCall of a call received before: no record");
        assertFalse(calls.find("pbx:late4").isPresent());

        // the same number calls again after the erasure: a new call, recorded (and missed) as any other
        deliver(webhook, CallEvent.builder("again", "pbx", EventType.NEW_CALL, after).direction(Direction.IN)
                .from("+49 30 23125741").to("+4922100").queue("support").ringingAt(after).build());
        deliver(webhook, CallEvent.builder("again", "pbx", EventType.HANGUP, after.plusSeconds(30))
                .from("+49 30 23125741").endedAt(after.plusSeconds(30)).cause("cancel", Cause.CANCEL).build());
        CallRecord again = calls.find("pbx:again").orElseThrow();
        assertEquals("+49 30 23125741", again.from());
        assertEquals(Set.of("newCall", "hangup"), again.events());
        assertEquals(List.of("again"), missed.entries("1", "support", after.minusSeconds(7200),
                after.plusSeconds(3600), 10, 1_000_000, entry -> 0, null).items().stream()
                .map(entry -> entry.callId().replaceFirst("^pbx:", "")).toList(),
                "the new call is missed; no erased one came back");
    }

    /**
     * The tombstones are one more setting the webhook store reads with the others, once per cache period: no
     * request per event, and an event received before the erasure sends none at all.
     */
    @Test
    void theTombstoneCheckReadsTheCachedSettingsOncePerCachePeriodAndNoRequestPerEvent() {
        history();
        runToEnd("1", NumberMatcher.of("+493023125741", "49"));
        Map<String, java.util.concurrent.atomic.AtomicInteger> requests =
                new java.util.concurrent.ConcurrentHashMap<>();
        io.callhook.aws.HttpTransport http = io.callhook.aws.UrlConnectionTransport.standard();
        io.callhook.aws.HttpTransport counting = (uri, headers, body) -> {
            String operation = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("X-Amz-Target"))
                    .map(h -> h.getValue().substring(h.getValue().indexOf('.') + 1)).findFirst().orElse("?");
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            String table = text.contains(tables.get("ConfigTable")) ? "ConfigTable" : "CallsTable";
            requests.computeIfAbsent(operation + " " + table, k -> new java.util.concurrent.atomic.AtomicInteger())
                    .incrementAndGet();
            return http.post(uri, headers, body);
        };
        Environment cached = local.functionEnvironment("CtiWebhookFunction", tables,
                Map.of("CONFIG_CACHE_SECONDS", "30"));
        DynamoCallStore webhook = webhook(local.client(counting), cached);
        Instant before = T0.plusSeconds(7200);
        Instant after = Instant.now().plusSeconds(1);
        webhook.apply(CallEvent.builder("first", "pbx", EventType.NEW_CALL, after).from(OTHER).to("+4922100")
                .queue("support").build());
        Map<String, Integer> first = snapshot(requests);
        assertEquals(4, first.get("GetItem ConfigTable"), "organizations, shard counts, retention, tombstones: "
                + first);
        assertEquals(1, first.get("UpdateItem CallsTable"));
        requests.clear();
        for (int i = 0; i < 20; i++) {
            // refused without a request (received before the erasure), conditional (after it), another number
            webhook.apply(CallEvent.builder("r" + i, "pbx", EventType.NEW_CALL, before).from(FORMATS.get(i % 5))
                    .to("+4922100").queue("support").build());
            webhook.apply(CallEvent.builder("a" + i, "pbx", EventType.NEW_CALL, after).from(FORMATS.get(i % 5))
                    .to("+4922100").queue("support").build());
            webhook.apply(CallEvent.builder("o" + i, "pbx", EventType.NEW_CALL, after).from(OTHER).to("+4922100")
                    .queue("support").build());
        }
        Map<String, Integer> sixty = snapshot(requests);
        System.out.println("tombstone check, 60 events within one cache period: " + sixty);
        assertEquals(Map.of("UpdateItem CallsTable", 40), sixty, "one write per event that may write, nothing else");
        assertFalse(calls.find("pbx:r0").isPresent());
        assertEquals(FORMATS.get(0), calls.find("pbx:a0").orElseThrow().from());
    }

    static Map<String, Integer> snapshot(Map<String, java.util.concurrent.atomic.AtomicInteger> requests) {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        requests.forEach((name, count) -> copy.put(name, count.get()));
        return copy;
    }

    @Test
    void anErasureUnderStorageFaultsCompletesWhenItsStepsAreRunAgain() {
        history();
        Map<String, Long> expected = new LinkedHashMap<>();
        // a twin history in another organization's view is not possible here; the counts are known
        expected.put("missedCalls", 3L);
        expected.put("calls", 5L);
        // each rule outlasts the client's retries at least once: the step fails and is run again
        int outlast = Retries.DYNAMODB_ATTEMPTS + 1;
        for (String[] rule : new String[][] {{"UpdateItem", "ConfigTable"}, {"TransactWriteItems", "MissedCallsTable"},
                {"TransactWriteItems", "CallbacksTable"}, {"Query", "CallsTable"}, {"PutItem", "CallsTable"},
                {"PutItem", "ErasuresTable"}}) {
            local.engine().faults().add(Faults.Rule.on(rule[0]).table(tables.get(rule[1])).times(outlast));
        }
        ErasureJob job = null;
        int failures = 0;
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                job = job == null ? erasures.start("1", NumberMatcher.of("+493023125741", "49"), "admin",
                        Instant.now()) : erasures.step("1", job.jobId(), Instant.now()).orElseThrow();
                if (job.status() == ErasureJob.Status.DONE) {
                    break;
                }
            } catch (RuntimeException e) {
                failures++;
            }
        }
        local.engine().faults().clear();
        System.out.println("erasure under faults: " + failures + " failed steps");
        assertTrue(failures > 0, "faults were injected");
        assertEquals(ErasureJob.Status.DONE, job.status());
        assertTrue(job.removed().get("calls") <= expected.get("calls"), job.removed().toString());
        assertEquals(List.of(), traces());
    }

    @Test
    void askingTwiceWhileAJobRunsIsOneJobAndARepeatedStepChangesNothing() {
        history();
        NumberMatcher number = NumberMatcher.of("+493023125741", "49");
        ErasureJob first = erasures.start("1", number, "admin", Instant.now());
        ErasureJob second = erasures.start("1", NumberMatcher.of("0049 30 23125741", null), "admin:1", Instant.now());
        assertEquals(first.jobId(), second.jobId());
        assertEquals(first.rev() + 1, second.rev(), "asking again wakes the job");
        ErasureJob stepped = erasures.step("1", first.jobId(), Instant.now()).orElseThrow();
        assertEquals(ErasureJob.Status.WAITING, stepped.status());
        // a stale runner (the state it read is gone) writes nothing
        assertFalse(erasures.jobs().advance(first, first.nudged(Instant.now())));
        ErasureJob done = stepped;
        while (done.status() != ErasureJob.Status.DONE) {
            done = erasures.step("1", first.jobId(), Instant.now()).orElseThrow();
        }
        assertEquals(done, erasures.step("1", first.jobId(), Instant.now()).orElseThrow(), "done stays done");
        ErasureJob again = runToEnd("1", number);
        assertFalse(again.jobId().equals(first.jobId()), "a new request after the end is a new job");
        assertEquals(0L, again.removed().values().stream().mapToLong(Long::longValue).sum(), "nothing left");
    }

    @Test
    void theCliStartsFollowsAndRunsAnErasure() {
        history();
        Map<String, String> environment = new java.util.HashMap<>(local.clientEnvironment());
        environment.put(Erasures.SETTLE_VARIABLE, "0");
        environment.put("CONFIG_CACHE_SECONDS", "0");
        String[] tableOptions = {"--calls-table", tables.get("CallsTable"), "--missed-calls-table",
                tables.get("MissedCallsTable"), "--callbacks-table", tables.get("CallbacksTable"), "--erasures-table",
                tables.get("ErasuresTable"), "--config-table", tables.get("ConfigTable")};
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        List<String> erase = new ArrayList<>(List.of(tableOptions));
        erase.addAll(List.of("erase", "--organization", "1", "--number", "030 2312 5741", "--country-code", "49"));
        assertEquals(0, PrivacyCli.run(erase.toArray(String[]::new), environment,
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)), err.toString());
        String jobId = (String) io.callhook.json.Json.parseObject(out.toString().trim()).get("jobId");
        out.reset();
        List<String> run = new ArrayList<>(List.of(tableOptions));
        run.addAll(List.of("run", "--organization", "1", "--job", jobId));
        assertEquals(0, PrivacyCli.run(run.toArray(String[]::new), environment, new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true)), err.toString());
        Map<String, Object> report = io.callhook.json.Json.parseObject(out.toString().trim());
        assertEquals("done", report.get("state"));
        assertEquals(5, ((Map<?, ?>) report.get("removed")).get("calls"));
        assertEquals(List.of(), traces());
        assertEquals(2, PrivacyCli.run(new String[] {"erase", "--organization", "1", "--number", "+4930"}, Map.of(),
                new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)), "no tables: usage error");
    }

    /** The CLI's table options: every table of this test's set. */
    String[] tableOptions() {
        return new String[] {"--calls-table", tables.get("CallsTable"), "--missed-calls-table",
                tables.get("MissedCallsTable"), "--callbacks-table", tables.get("CallbacksTable"), "--erasures-table",
                tables.get("ErasuresTable"), "--config-table", tables.get("ConfigTable"), "--contacts-table",
                tables.get("ContactsTable"), "--audit-table", tables.get("AuditTable")};
    }

    /** Runs PrivacyCli with the table options and {@code args}; answers its status, stdout and stderr. */
    List<String> cli(String... args) {
        List<String> all = new ArrayList<>(List.of(tableOptions()));
        all.addAll(List.of(args));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = PrivacyCli.run(all.toArray(String[]::new), local.clientEnvironment(),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        return List.of(Integer.toString(status), out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The CLI's export is the admin API's, read page by page: its JSON document holds what is stored about the
     * number (each item once), {@code --pages} stops early with the token that continues it, and CSV goes to stdout
     * (one table) or a directory (a file per table).
     */
    @Test
    void theCliExportsWhatIsStoredAsJsonAndAsCsvPerTablePagedAsTheApi() throws java.io.IOException {
        history();
        for (int i = 0; i < 200; i++) {
            call("g" + i, true, FORMATS.get(i % FORMATS.size()), false, 10 + i);
        }
        new io.callhook.store.DynamoContactStore(dynamo, tables.get("ContactsTable")).save("1",
                List.of(new io.callhook.contact.Contact("+493023125741", "Anna Schmidt", null, null)));
        NumberMatcher number = NumberMatcher.of("+49 30 23125741", "49");
        Set<String> storedCalls = new java.util.HashSet<>();
        for (var item : dynamo.scanPaginator(b -> b.tableName(tables.get("CallsTable"))).items()) {
            if (io.callhook.store.PersonalDataSources.holdsNumber(item, number)) {
                storedCalls.add(plain(item));
            }
        }
        assertEquals(205, storedCalls.size());

        List<String> whole = cli("export", "--organization", "1", "--number", "+49 30 23125741", "--country-code",
                "49");
        assertEquals("0", whole.get(0), whole.get(2));
        Map<String, Object> document = io.callhook.json.Json.parseObject(whole.get(1).trim());
        assertEquals("493023125741", document.get("number"));
        assertEquals(null, document.get("nextToken"), "every page was read");
        Map<?, ?> exported = (Map<?, ?>) document.get("tables");
        assertEquals(List.of("missedCalls", "callbacks", "contacts", "audit", "calls"), List.copyOf(exported
                .keySet()), "every table, in erasure order");
        Set<String> calls = new java.util.HashSet<>();
        ((List<?>) exported.get("calls")).forEach(item -> assertTrue(calls.add(io.callhook.json.Json.write(item)),
                "each item once"));
        assertEquals(storedCalls, calls);
        assertEquals(1, ((List<?>) exported.get("contacts")).size());

        // one API page, then the rest from its token
        List<String> first = cli("export", "--organization", "1", "--number", "030 23125741", "--country-code", "49",
                "--pages", "1");
        Map<String, Object> firstPage = io.callhook.json.Json.parseObject(first.get(1).trim());
        String token = (String) firstPage.get("nextToken");
        assertTrue(token != null, "a long history takes more than one page");
        List<String> rest = cli("export", "--organization", "1", "--number", "030 23125741", "--country-code", "49",
                "--next-token", token);
        Map<String, Object> restPage = io.callhook.json.Json.parseObject(rest.get(1).trim());
        assertEquals(null, restPage.get("nextToken"));
        Set<String> joined = new java.util.HashSet<>();
        for (Map<String, Object> page : List.of(firstPage, restPage)) {
            ((List<?>) ((Map<?, ?>) page.get("tables")).get("calls")).forEach(item -> assertTrue(joined.add(
                    io.callhook.json.Json.write(item))));
        }
        assertEquals(storedCalls, joined);

        // CSV: one table to stdout, every table to a directory
        List<String> csv = cli("export", "--organization", "1", "--number", "+493023125741", "--country-code", "49",
                "--format", "csv", "--table", "calls");
        assertEquals("0", csv.get(0), csv.get(2));
        List<String> lines = csv.get(1).lines().toList();
        assertEquals(206, lines.size(), "a header and a line per call");
        assertTrue(List.of(lines.get(0).split(",")).containsAll(List.of("callId", "from", "firstSeenAt")),
                lines.get(0));
        java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("privacy-export");
        List<String> files = cli("export", "--organization", "1", "--number", "+493023125741", "--country-code",
                "49", "--format", "csv", "--directory", directory.toString());
        assertEquals("0", files.get(0), files.get(2));
        assertEquals(csv.get(1), java.nio.file.Files.readString(directory.resolve("calls.csv")));
        for (String table : List.of("missedCalls", "callbacks", "contacts", "audit")) {
            assertTrue(java.nio.file.Files.exists(directory.resolve(table + ".csv")), table);
        }
        assertEquals(2, java.nio.file.Files.readAllLines(directory.resolve("contacts.csv")).size());

        // the API's refusals, as the CLI's errors
        assertEquals("1", cli("export", "--organization", "1", "--number", "+493023125741", "--format", "xml")
                .get(0));
        assertTrue(cli("export", "--organization", "1", "--number", "+493023125741", "--format", "csv").get(2)
                .contains("field table is required"));
        assertTrue(cli("export", "--organization", "1", "--number", "+493023125741", "--table", "nope").get(2)
                .contains("table must be one of"));
        assertTrue(cli("export", "--organization", "1", "--number", "+493023125741", "--next-token", "x").get(2)
                .contains("nextToken is not one of this export's"));
        assertTrue(cli("export", "--organization", "1", "--number", "call me").get(2)
                .contains("number must be a phone number"));
    }

    /** The CLI's audit command answers the admin API's audit page: newest first, limit and nextToken as there. */
    @Test
    void theCliReadsAnOrganizationsAuditTrailPageByPage() {
        io.callhook.store.DynamoAuditTrail trail = new io.callhook.store.DynamoAuditTrail(dynamo,
                tables.get("AuditTable"));
        Instant at = Instant.parse("2026-12-06T09:00:00Z");
        for (int i = 0; i < 3; i++) {
            trail.record(new io.callhook.store.DynamoAuditTrail.Entry("1", at.plusSeconds(i), "req-" + i, "a1",
                    "POST /api/v1/cti/done/{callId}", Map.of("callId", "pbx:c" + i), "203.0.113.7", "curl",
                    at.plusSeconds(86400)));
        }
        trail.record(new io.callhook.store.DynamoAuditTrail.Entry("2", at, "req-other", "a9", "POST /x", Map.of(),
                null, null, at.plusSeconds(86400)));

        List<String> first = cli("audit", "--organization", "1", "--limit", "2");
        assertEquals("0", first.get(0), first.get(2));
        Map<String, Object> page = io.callhook.json.Json.parseObject(first.get(1).trim());
        assertEquals(Privacy.audit(trail, "1", "2", null), page, "the admin API's answer");
        List<?> entries = (List<?>) page.get("entries");
        assertEquals(List.of("req-2", "req-1"), entries.stream().map(e -> ((Map<?, ?>) e).get("requestId")).toList());
        assertEquals("2026-12-06T09:00:02Z", ((Map<?, ?>) entries.get(0)).get("at"));
        List<String> rest = cli("audit", "--organization", "1", "--limit", "2", "--next-token",
                (String) page.get("nextToken"));
        Map<String, Object> last = io.callhook.json.Json.parseObject(rest.get(1).trim());
        assertEquals(List.of("req-0"), ((List<?>) last.get("entries")).stream()
                .map(e -> ((Map<?, ?>) e).get("requestId")).toList(), "and no other organization's");
        assertEquals(null, last.get("nextToken"));

        assertTrue(cli("audit", "--organization", "1", "--limit", "301").get(2).contains("limit must be 1 to 300"));
        assertTrue(cli("audit", "--organization", "2", "--next-token", (String) page.get("nextToken")).get(2)
                .contains("nextToken is not valid"), "another organization's token");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(2, PrivacyCli.run(new String[] {"audit", "--organization", "1"}, local.clientEnvironment(),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true)));
        assertTrue(err.toString().contains("AUDIT_TABLE is not set"), err.toString());
    }

    @Test
    void anExportOfAGeneratedHistoryIsWhatIsStoredPageByPage() {
        history();
        java.util.Random random = new java.util.Random(27);
        for (int i = 0; i < 240; i++) {
            call("g" + i, random.nextBoolean(), FORMATS.get(random.nextInt(FORMATS.size())), random.nextInt(3) == 0,
                    10 + i);
        }
        NumberMatcher number = NumberMatcher.of("+49 30 23125741", "49");
        Exports exports = new Exports(io.callhook.store.PersonalDataSources.fromEnvironment(dynamo, env).all());
        Map<String, Set<String>> exported = new LinkedHashMap<>();
        String token = null;
        int pages = 0;
        do {
            Exports.Page page = exports.page("1", number, null, token);
            page.tables().forEach((table, items) -> items.forEach(item -> assertTrue(exported.computeIfAbsent(table,
                    t -> new java.util.HashSet<>()).add(io.callhook.json.Json.write(item)),
                    table + ": each item once: " + item)));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertTrue(pages > 1, "a long history is paged: " + pages);
        Map<String, Set<String>> stored = new LinkedHashMap<>();
        Pattern group = Pattern.compile("g#1#([0-9]+):(.*)");
        for (var item : dynamo.scanPaginator(b -> b.tableName(tables.get("CallsTable"))).items()) {
            if (io.callhook.store.PersonalDataSources.holdsNumber(item, number)) {
                stored.computeIfAbsent("calls", t -> new java.util.HashSet<>()).add(plain(item));
            }
        }
        for (var item : dynamo.scanPaginator(b -> b.tableName(tables.get("MissedCallsTable"))).items()) {
            if (item.get("pk").s().startsWith("line#")
                    && io.callhook.store.PersonalDataSources.holdsNumber(item, number)) {
                stored.computeIfAbsent("missedCalls", t -> new java.util.HashSet<>()).add(plain(item));
            }
        }
        for (var item : dynamo.scanPaginator(b -> b.tableName(tables.get("CallbacksTable"))).items()) {
            if (item.get("pk").s().startsWith("mark#")) {
                continue; // the worklist's change marker: a number per organization, no caller's
            }
            String groupKey = item.get("pk").s().startsWith("c#") ? item.get("group").s() : item.get("pk").s();
            Matcher subject = group.matcher(groupKey);
            assertTrue(subject.matches(), groupKey);
            String rest = subject.group(2);
            if (number.matches(rest.substring(0, Integer.parseInt(subject.group(1))))) {
                stored.computeIfAbsent("callbacks", t -> new java.util.HashSet<>()).add(plain(item));
            }
        }
        assertEquals(stored.get("calls"), exported.get("calls"));
        assertEquals(stored.get("missedCalls"), exported.get("missedCalls"));
        assertEquals(stored.get("callbacks"), exported.get("callbacks"));
        assertEquals(245, exported.get("calls").size());
        assertTrue(exported.get("calls").stream().noneMatch(json -> json.contains(OTHER)), "only the number's");
    }

    static String plain(Map<String, AttributeValue> item) {
        return io.callhook.json.Json.write(io.callhook.store.ItemJson.plain(item));
    }

    @Test
    void anErasureWhoseEndpointFailsCompletesWhenItsStepsAreRunAgain() {
        history();
        // the endpoint drops the connection for 10 requests in a row out of every 40: longer than the client's
        // retries, so steps fail in the middle of their writes
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        io.callhook.aws.HttpTransport http = io.callhook.aws.UrlConnectionTransport.standard();
        io.callhook.aws.HttpTransport failing = (uri, headers, body) -> {
            if (requests.incrementAndGet() % 40 >= 30) {
                throw new java.io.IOException("connection reset by the test");
            }
            return http.post(uri, headers, body);
        };
        Erasures flaky = Erasures.fromEnvironment(local.client(failing), env);
        ErasureJob job = null;
        int failures = 0;
        for (int attempt = 0; attempt < 200 && (job == null || job.status() != ErasureJob.Status.DONE); attempt++) {
            try {
                job = job == null ? flaky.start("1", NumberMatcher.of("+493023125741", "49"), "admin", Instant.now())
                        : flaky.step("1", job.jobId(), Instant.now()).orElseThrow();
            } catch (RuntimeException e) {
                failures++;
            }
        }
        System.out.println("erasure with a failing endpoint: " + failures + " failed steps, " + requests.get()
                + " requests");
        assertTrue(failures > 0, "the endpoint failed steps");
        assertEquals(ErasureJob.Status.DONE, job.status());
        // a step that failed after some of its writes is run again and finds only what is left: the report counts
        // at most what there was
        assertTrue(job.removed().get("calls") <= 5 && job.removed().get("missedCalls") <= 3, job.removed()
                .toString());
        assertEquals(List.of(), traces());
    }
}
