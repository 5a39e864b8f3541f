// Scheduled function tests: calls written by the real store to the DynamoDB engine with the template's tables, the
// handler built from its template environment, run on Scheduled Events (the sample event among them).
package io.callhook.stale;

import static io.callhook.stale.StaleCallsHandler.PER_PARTITION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.call.CallOutcomes;
import io.callhook.call.Cause;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Environment;
import io.callhook.config.Organizations;
import io.callhook.json.Json;
import io.callhook.store.CallKeys;
import io.callhook.store.DynamoCallStore;
import io.callhook.template.SamTemplate;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RequestCounter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StaleCallsHandlerTest {

    /** The sample event's time. */
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final String ORGANIZATIONS = "acme:org-a,globex:org-b,pbx:1";

    private Map<String, String> tables;
    private DynamoCallStore calls;
    private StaleCallsHandler handler;

    @BeforeEach
    void start() {
        LocalDynamo local = LocalDynamo.shared();
        tables = local.createTables();
        Environment env = local.functionEnvironment("StaleCallsFunction", tables,
                Map.of(Organizations.MAPPING_VARIABLE, ORGANIZATIONS, DynamoCallStore.SHARDS_VARIABLE, "2"));
        handler = new StaleCallsHandler(env, local.client(), Clock.fixed(NOW, ZoneOffset.UTC));
        calls = new DynamoCallStore(local.client(), tables.get("CallsTable"), Duration.ofDays(365),
                Organizations.parse(ORGANIZATIONS, "1"), 2);
    }

    private void ring(String source, String callId, Instant at) {
        calls.apply(CallEvent.builder(callId, source, EventType.NEW_CALL, at).direction(Direction.IN)
                .from("+4930").to("+4922").queue("support").ringingAt(at).build());
    }

    private void answer(String source, String callId, Instant at) {
        calls.apply(CallEvent.builder(callId, source, EventType.ANSWER, at).answeredBy("jdoe").answeredAt(at)
                .build());
    }

    private CallRecord find(String id) {
        return calls.find(id).orElseThrow();
    }

    private Map<String, Object> run(Instant time) {
        return handler.handleRequest(Map.of("detail-type", "Scheduled Event", "time", time.toString()), null);
    }

    @Test
    void callsQuietLongerThanTheirLimitAreClosedAsInferredInEveryOrganizationAndNothingElse() {
        ring("acme", "ringing-long", NOW.minus(Duration.ofMinutes(30)));
        ring("globex", "ringing-long", NOW.minus(Duration.ofHours(3)));
        ring("pbx", "ringing-short", NOW.minus(Duration.ofMinutes(29)));
        ring("pbx", "talking", NOW.minus(Duration.ofHours(13)));
        answer("pbx", "talking", NOW.minus(Duration.ofHours(11)));
        ring("pbx", "talked", NOW.minus(Duration.ofHours(14)));
        answer("pbx", "talked", NOW.minus(Duration.ofHours(12)));

        Map<String, Object> result = run(NOW);
        assertEquals(3, result.get("closed"), result.toString());
        for (String id : new String[] {"acme:ringing-long", "globex:ringing-long"}) {
            CallRecord closed = find(id);
            assertTrue(closed.inferred(), id);
            assertEquals(closed.ringingAt(), closed.endedAt(), "ended at the last known activity");
            assertEquals(Cause.UNKNOWN, closed.cause());
        }
        assertEquals(NOW.minus(Duration.ofHours(12)), find("pbx:talked").endedAt());
        assertTrue(find("pbx:talked").inferred());
        assertFalse(find("pbx:ringing-short").ended());
        assertFalse(find("pbx:talking").ended());

        CallRecord before = find("acme:ringing-long");
        Map<String, Object> again = run(NOW);
        assertEquals(0, again.get("closed"));
        assertEquals(0, again.get("looked"), "closed calls left the open index; the talking call is not overdue, so "
                + "not read: " + again);
        assertEquals(before, find("acme:ringing-long"));
    }

    /** {@code count} call ids of integration {@code source} whose records fall in {@code shard} of two. */
    private static List<String> idsInShard(String source, String prefix, int shard, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < count; i++) {
            if (CallKeys.shardOf(CallKeys.of(source, prefix + i), 2) == shard) {
                ids.add(prefix + i);
            }
        }
        return ids;
    }

    private void answeredOnly(String source, String callId, Instant at) {
        calls.apply(CallEvent.builder(callId, source, EventType.ANSWER, at).direction(Direction.IN).from("+4930")
                .to("+4922").queue("support").ringingAt(at).answeredBy("jdoe").answeredAt(at).build());
    }

    @Test
    void longAnsweredCallsInOneShardHideNoOverdueRingingCallInAnyShard() {
        List<String> talking = idsInShard("pbx", "talking-", 0, 1100);
        for (String id : talking) {
            answeredOnly("pbx", id, NOW.minus(Duration.ofHours(11)));
        }
        String inShard1 = idsInShard("pbx", "lost-", 1, 1).get(0);
        String inShard0 = idsInShard("pbx", "lost-", 0, 1).get(0);
        ring("pbx", inShard1, NOW.minus(Duration.ofMinutes(31)));
        ring("pbx", inShard0, NOW.minus(Duration.ofHours(20)));

        Map<String, Object> result = run(NOW);

        assertEquals(2, result.get("closed"), result.toString());
        assertEquals(2, result.get("looked"), "the 1,100 answered calls are not overdue, so not read: " + result);
        for (String id : List.of(inShard1, inShard0)) {
            CallRecord lost = find("pbx:" + id);
            assertTrue(lost.inferred(), id);
            assertTrue(CallOutcomes.isMissed(lost, Set.of()), "listed as missed: " + lost);
        }
        assertFalse(find("pbx:" + talking.get(0)).ended());
        assertFalse(find("pbx:" + talking.get(1099)).ended());
        assertEquals(PER_PARTITION, run(NOW.plus(Duration.ofHours(1))).get("closed"),
                "an hour later the 1,100 answered calls are overdue: runs close them a budget at a time");
    }

    @Test
    void callsAnsweredAfterRingingThatAreStillOpenAreMovedByOneRunAndHideNoOverdueRingingCall() {
        // an answer leaves the call in the ringing partition (no index write); 250 such calls rang before the lost
        // one in the same shard: one run moves them all (three queries: two full pages of moves, then the rest)
        List<String> talking = idsInShard("pbx", "talking-", 0, 250);
        for (String id : talking) {
            ring("pbx", id, NOW.minus(Duration.ofHours(3)));
            answer("pbx", id, NOW.minus(Duration.ofHours(3)).plusSeconds(10));
        }
        String lost = idsInShard("pbx", "lost-", 0, 1).get(0);
        ring("pbx", lost, NOW.minus(Duration.ofMinutes(40)));

        Map<String, Object> result = run(NOW);

        assertEquals(1, result.get("closed"), result.toString());
        assertEquals(251, result.get("looked"), "the 250 answered calls are read once and moved: " + result);
        assertTrue(find("pbx:" + lost).inferred());
        for (String id : talking) {
            assertFalse(find("pbx:" + id).ended(), id);
        }
        assertEquals(0, run(NOW).get("looked"), "moved to the answered partition, quiet since their answer: not "
                + "overdue, so not read again");
        Map<String, Object> later = run(NOW.plus(Duration.ofHours(10)));
        assertEquals(PER_PARTITION, later.get("closed"), "overdue 12 hours after their answer, closed a budget at a "
                + "time: " + later);
        assertEquals(NOW.minus(Duration.ofHours(3)).plusSeconds(10), find("pbx:" + talking.get(0)).endedAt());
    }

    @Test
    void aRunMakesOneQueryPerOrganizationShardAndStateAndReadsAtMostItsBudgetFromEach() {
        RequestCounter counter = new RequestCounter();
        LocalDynamo local = LocalDynamo.shared();
        Environment env = local.functionEnvironment("StaleCallsFunction", tables,
                Map.of(Organizations.MAPPING_VARIABLE, ORGANIZATIONS, DynamoCallStore.SHARDS_VARIABLE, "2"));
        StaleCallsHandler counted = new StaleCallsHandler(env, local.client(counter), Clock.fixed(NOW, ZoneOffset.UTC));
        int overdue = PER_PARTITION + PER_PARTITION / 2;
        for (String id : idsInShard("acme", "lost-", 0, overdue)) {
            ring("acme", id, NOW.minus(Duration.ofHours(1)));
        }
        for (String id : idsInShard("acme", "talking-", 1, 300)) {
            answeredOnly("acme", id, NOW.minus(Duration.ofHours(1)));
        }
        // three organizations (org-a, org-b and the default), two shards, two states
        int queries = 3 * 2 * 2;

        Map<String, Object> first = counted.handleRequest(Map.of("time", NOW.toString()), null);
        assertEquals(queries, count(counter, "Query"), counter.requests().toString());
        assertEquals(PER_PARTITION, first.get("looked"));
        assertEquals(PER_PARTITION, first.get("closed"));
        assertEquals(PER_PARTITION, count(counter, "UpdateItem"), "one write per closed call and nothing else");

        counter.reset();
        Map<String, Object> second = counted.handleRequest(Map.of("time", NOW.toString()), null);
        assertEquals(queries, count(counter, "Query"));
        assertEquals(overdue - PER_PARTITION, second.get("closed"), "the rest on the next run");

        counter.reset();
        Map<String, Object> third = counted.handleRequest(Map.of("time", NOW.toString()), null);
        assertEquals(queries, count(counter, "Query"));
        assertEquals(List.of(0, 0), List.of(third.get("looked"), third.get("closed")));
        assertEquals(List.of("Query"), counter.requests().stream().distinct().toList());
    }

    private static long count(RequestCounter counter, String operation) {
        return counter.requests().stream().filter(operation::equals).count();
    }

    /**
     * An integration removed from the mapping while one of its calls was open: that call cannot be closed (its
     * organization is unknown now) and is logged, but every other overdue call of the organization still is, in
     * every shard, and the run completes.
     */
    @Test
    void anOpenCallOfAnIntegrationNoLongerMappedDoesNotStopTheSweep() {
        DynamoCallStore before = new DynamoCallStore(LocalDynamo.shared().client(), tables.get("CallsTable"),
                Duration.ofDays(365), Organizations.parse(ORGANIZATIONS + ",retired:org-a", "1"), 2);
        for (int i = 0; i < 4; i++) {
            before.apply(CallEvent.builder("old-" + i, "retired", EventType.NEW_CALL, NOW.minus(Duration.ofHours(2)))
                    .direction(Direction.IN).from("+4930").to("+4922").ringingAt(NOW.minus(Duration.ofHours(2)))
                    .build());
            ring("acme", "new-" + i, NOW.minus(Duration.ofMinutes(40)));
        }
        Map<String, Object> result = run(NOW);
        assertEquals(4, result.get("closed"), result.toString());
        for (int i = 0; i < 4; i++) {
            assertTrue(find("acme:new-" + i).inferred(), "acme:new-" + i);
            assertFalse(find("retired:old-" + i).ended(), "retired:old-" + i);
        }
    }

    @Test
    void anEndedCallThatALateRingMarkedOpenIsTakenOutOfTheIndexNotClosed() {
        Instant start = NOW.minus(Duration.ofHours(1));
        calls.apply(CallEvent.builder("late", "pbx", EventType.HANGUP, start).direction(Direction.IN)
                .endedAt(start.plusSeconds(20)).cause("cancel", Cause.CANCEL).build());
        ring("pbx", "late", start);
        Map<String, Object> result = run(NOW);
        assertEquals(Map.of("looked", 1, "closed", 0, "cleared", 1), Map.of("looked", result.get("looked"),
                "closed", result.get("closed"), "cleared", result.get("cleared")));
        assertFalse(find("pbx:late").inferred());
        assertEquals(0, run(NOW).get("looked"));
    }

    @Test
    void theSampleEventsTimeIsTheRunsNowAndWithoutATimeTheClockIs() throws Exception {
        ring("pbx", "sample", NOW.minus(Duration.ofMinutes(45)));
        String sample = Files.readString(SamTemplate.find().resolveSibling("events/stale-calls/scheduled.json"));
        Map<String, Object> result = handler.handleRequest(Json.parseObject(sample), null);
        assertEquals(NOW.toString(), result.get("time"));
        assertEquals(1, result.get("closed"));
        assertEquals(NOW.toString(), handler.handleRequest(Map.of(), null).get("time"));
        assertEquals(NOW.toString(), handler.handleRequest(Map.of("time", "yesterday"), null).get("time"));
    }

    @Test
    void limitsComeFromTheEnvironmentAndMustBeAtLeastAMinute() {
        Environment env = Environment.of(Map.of(StaleCallsHandler.RINGING_LIMIT_VARIABLE, "5",
                StaleCallsHandler.ANSWERED_LIMIT_VARIABLE, "60"));
        assertEquals(Duration.ofMinutes(5), StaleCallsHandler.limits(env).ringing());
        assertEquals(Duration.ofHours(1), StaleCallsHandler.limits(env).answered());
        assertThrows(IllegalStateException.class, () -> StaleCallsHandler.limits(
                Environment.of(Map.of(StaleCallsHandler.RINGING_LIMIT_VARIABLE, "0"))));
    }
}
