// Store tests against the project's DynamoDB engine over HTTP with the template's calls table: a filtered caller
// log (a range of the index, a test of each call) pages past 300 calls, every page examines a bounded number of
// calls and makes progress, the pages together hold exactly the matching calls newest first, for the organization's
// index and for a line's keys, with one shard and with four. Both indexes hold only keys: a page reads its records
// by key, in at most ceil(maxExamined / 100) BatchGetItem requests.
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Organizations;
import io.callhook.testing.LocalDynamo;
import io.callhook.testing.RequestCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final int CALLS = 420;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static LocalDynamo local;
    private static String table;

    @BeforeAll
    static void start() {
        local = LocalDynamo.shared();
        table = local.createTables().get("CallsTable");
        for (int shards : List.of(1, 4)) {
            DynamoCallStore store = store(shards);
            for (int i = 0; i < CALLS; i++) {
                Instant at = T0.plusSeconds(i);
                // every seventh call from the number asked for; the others from numbers of their own
                store.apply(CallEvent.builder("c" + i, "h" + shards + RUN, EventType.NEW_CALL, at)
                        .direction(Direction.IN).from(i % 7 == 0 ? "+49 30 23125741" : "+4930" + i)
                        .to("+4922100").queue(i % 2 == 0 ? "even" : "odd").ringingAt(at).build());
            }
        }
    }

    private static DynamoCallStore store(int shards) {
        return new DynamoCallStore(local.client(), table, Duration.ofDays(365),
                Organizations.parse("h" + shards + RUN + ":o" + shards + RUN, "1"), shards);
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 4})
    void aFilteredLogPagesPastThreeHundredCallsWithABoundedScanPerPage(int shards) {
        DynamoCallStore store = store(shards);
        Predicate<CallRecord> fromJane = call -> "+49 30 23125741".equals(call.from());
        List<String> expected = IntStream.range(0, CALLS).map(i -> CALLS - 1 - i).filter(i -> i % 7 == 0)
                .mapToObj(i -> "c" + i).toList();
        for (String line : new String[] {null, "even"}) {
            List<String> wanted = line == null ? expected
                    : expected.stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 0).toList();
            List<String> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                Page<CallRecord> page = store.history("o" + shards + RUN, line, null, null, fromJane, 100, 10,
                        Integer.MAX_VALUE, call -> 1, token);
                assertTrue(page.items().size() <= 10);
                page.items().forEach(call -> seen.add(call.callId()));
                token = page.nextToken();
                pages++;
                assertTrue(pages < 100, "every page makes progress");
            } while (token != null);
            assertEquals(wanted, seen, "line " + line);
            // 420 calls (210 on the line), at most 100 examined per page and at most 10 matches per page
            int lineCalls = line == null ? CALLS : CALLS / 2;
            assertTrue(pages >= Math.max(lineCalls / 100, wanted.size() / 10), pages + " pages");
        }
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 4})
    void aRangeNarrowsTheIndexReadAndAFullPageIsFull(int shards) {
        DynamoCallStore store = store(shards);
        Instant from = T0.plusSeconds(100);
        Instant to = T0.plusSeconds(399);
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Page<CallRecord> page = store.history("o" + shards + RUN, null, from, to, call -> true, 1000, 300,
                    Integer.MAX_VALUE, call -> 1, token);
            if (page.nextToken() != null) {
                assertEquals(300, page.items().size(), "a page is full when it can be");
            }
            page.items().forEach(call -> seen.add(call.callId()));
            token = page.nextToken();
        } while (token != null);
        assertEquals(IntStream.rangeClosed(100, 399).map(i -> 499 - i).mapToObj(i -> "c" + i).toList(), seen);
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 4})
    void theOrganizationsKeysOnlyIndexIsFilteredOnRecordsReadByKeyInBoundedBatches(int shards) {
        RequestCounter requests = new RequestCounter();
        DynamoCallStore counted = new DynamoCallStore(local.client(requests), table, Duration.ofDays(365),
                Organizations.parse("h" + shards + RUN + ":o" + shards + RUN, "1"), shards);
        Predicate<CallRecord> nobody = call -> false;
        Page<CallRecord> first = counted.history("o" + shards + RUN, null, null, null, nobody, 250, 10,
                Integer.MAX_VALUE, call -> 1, null);
        assertEquals(List.of(), first.items());
        assertTrue(first.nextToken() != null, "250 of 420 calls examined: the list goes on");
        // 250 keys examined: their records in batches of 100, 100 and 50, never more
        assertEquals(3, requests.requests().stream().filter("BatchGetItem"::equals).count(), requests.requests()
                .toString());
        requests.reset();
        Page<CallRecord> rest = counted.history("o" + shards + RUN, null, null, null, nobody, 250, 10,
                Integer.MAX_VALUE, call -> 1, first.nextToken());
        assertEquals(List.of(), rest.items());
        assertEquals(null, rest.nextToken(), "the other 170 calls end the list");
        assertEquals(2, requests.requests().stream().filter("BatchGetItem"::equals).count(), requests.requests()
                .toString());
    }
}
