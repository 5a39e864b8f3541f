// End to end over real HTTP: an in-process local stack, 330 calls of one organization. The caller log's filters
// (view=mine|missed|open, number= in any spelling, since/until) page correctly past 300 calls with nextToken: the
// pages together hold exactly the matching calls, newest first, once each; a filter that matches nothing ends.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.json.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackHistoryTest {

    private static final String TOKEN = "pbx-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final int CALLS = 330;
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;
    /** The calls' ids by index, oldest first. */
    private static final List<String> IDS = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        stack = TestStacks.withAgents(dir, TOKEN, "[{\"id\":\"emma\",\"login\":\"emma\",\"phones\":[\"+4930111\"],"
                + "\"organizationId\":\"1\",\"token\":\"" + EMMA + "\"}]", LOG);
        for (int i = 0; i < CALLS; i++) {
            String callId = "h" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            IDS.add("local:" + callId);
            // every fifth call from Jane (sent in the PBX's spelling), every third answered by Emma, the rest missed
            String from = i % 5 == 0 ? "493023125741" : "+4940" + (1000000 + i);
            cti("{\"event\":\"newCall\",\"from\":\"" + from + "\",\"to\":\"+4930500\",\"direction\":\"in\","
                    + "\"callId\":\"" + callId + "\",\"queue\":\"support\",\"user\":\"" + (i % 2 == 0 ? "emma" : "noah")
                    + "\"}");
            if (i % 3 == 0) {
                cti("{\"event\":\"answer\",\"direction\":\"in\",\"callId\":\"" + callId
                        + "\",\"answeringNumber\":\"+4930111\"}");
                cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + callId
                        + "\",\"cause\":\"normalClearing\"}");
            } else {
                cti("{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + callId + "\",\"cause\":\"cancel\"}");
            }
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void mineIsWhatEmmaAnsweredOrWhatRangHerAndNobodyAnswered() throws Exception {
        List<String> expected = newestFirst(i -> i % 3 == 0 || i % 2 == 0);
        assertEquals(expected, all("view=mine&limit=50"));
        assertTrue(expected.size() > 200);
    }

    @Test
    void aNumberInAnySpellingFindsItsCallsFromOrTo() throws Exception {
        List<String> jane = newestFirst(i -> i % 5 == 0);
        // in query strings a + is a plus sign (as API Gateway decodes them): spaces are %20
        assertEquals(jane, all("number=030%2023125741&limit=7"));
        assertEquals(jane, all("number=%2B49%2030%202312-5741&limit=300&queue=support"));
        assertEquals(List.of(), all("number=%2B4989999999"), "nobody: the pages end");
        assertEquals(newestFirst(i -> true), all("number=%2B4930500&limit=300"), "to the line's number");
    }

    @Test
    void openIsMissedAndNotDoneAndMarkingCallsDoneRemovesThem() throws Exception {
        List<String> missed = newestFirst(i -> i % 3 != 0);
        assertEquals(missed, all("view=missed&limit=100"));
        List<String> done = missed.subList(0, 5);
        HttpResponse<String> bulk = TestStacks.send(stack, "POST", "/api/v1/cti/done/bulk", EMMA,
                Json.write(Map.of("ids", done)));
        assertEquals(200, bulk.statusCode(), bulk.body());
        List<String> open = new ArrayList<>(missed);
        open.removeAll(done);
        assertEquals(open, all("view=open&limit=60"));
    }

    @Test
    void daysAreReadInTheOrganizationsTimeZoneAndARangeWithNoCallsEnds() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // yesterday to tomorrow holds every call whatever the hour; a range before them holds none
        assertEquals(newestFirst(i -> true), all("since=" + today.minusDays(1) + "&until=" + today.plusDays(1)
                + "&limit=300"));
        assertEquals(List.of(), all("until=" + today.minusDays(2)));
        assertEquals(List.of(), all("since=2020-01-01T00:00:00Z&until=2020-01-02T00:00:00Z&view=mine"));
        HttpResponse<String> bad = TestStacks.send(stack, "GET", "/api/v1/cti/log?since=yesterday", EMMA, null);
        assertEquals(422, bad.statusCode(), bad.body());
        assertEquals(422, TestStacks.send(stack, "GET", "/api/v1/cti/log?view=everything", EMMA, null)
                .statusCode());
        assertEquals(422, TestStacks.send(stack, "GET", "/api/v1/cti/log?number=nobody", EMMA, null).statusCode());
    }

    /** Every page of the filtered log: the call ids, in order, each once; pages end with nextToken null. */
    private static List<String> all(String query) throws Exception {
        List<String> ids = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String path = "/api/v1/cti/log?" + query + (token == null ? ""
                    : "&nextToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            HttpResponse<String> response = TestStacks.send(stack, "GET", path, EMMA, null);
            assertEquals(200, response.statusCode(), response.body());
            Map<String, Object> page = Json.parseObject(response.body());
            for (Object entry : (List<?>) page.get("entries")) {
                String id = (String) ((Map<?, ?>) entry).get("callId");
                if (IDS.contains(id)) {
                    ids.add(id);
                }
            }
            token = (String) page.get("nextToken");
            assertTrue(++pages < 200, "the pages end");
        } while (token != null);
        assertEquals(ids.size(), new HashSet<>(ids).size(), "each call once");
        return ids;
    }

    private static List<String> newestFirst(java.util.function.IntPredicate test) {
        return IntStream.range(0, CALLS).map(i -> CALLS - 1 - i).filter(test).mapToObj(IDS::get).toList();
    }

    private static void cti(String json) throws Exception {
        HttpResponse<String> response = TestStacks.send(stack, "POST", "/api/v1/cti/" + TOKEN, null, json);
        assertEquals(200, response.statusCode(), json + ": " + response.body());
    }
}
