// End to end over real HTTP: an in-process local stack. One worklist request lists the open items of every line of
// the organization, oldest first miss first, paged with nextToken, filtered by caller number in any spelling; the
// list carries timestamps only, so while nothing changes a poll with If-None-Match is answered 304, and a claim or
// a new miss changes the tag. Another organization's items never show.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.json.Json;
import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackWorklistTest {

    private static final String ACME = "acme-" + UUID.randomUUID();
    private static final String GLOBEX = "globex-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final String OLGA = "olga-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path agents = dir.resolve("agents.json");
        Files.writeString(agents, "[{\"id\":\"emma\",\"login\":\"emma\",\"name\":\"Emma Taylor\","
                + "\"organizationId\":\"org-a\",\"token\":\"" + EMMA + "\"},"
                + "{\"id\":\"olga\",\"login\":\"olga\",\"organizationId\":\"org-b\",\"token\":\"" + OLGA + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of("acme=" + ACME, "globex=" + GLOBEX))
                .withAgents(agents).withParameters(Map.of("IntegrationOrganizations", "acme:org-a,globex:org-b")),
                LOG.stream());
        // 12 callers on three lines of org-a, one missed call each, in order; one org-b caller
        for (int i = 0; i < 12; i++) {
            miss(ACME, "+49301234" + (100 + i), "line-" + (i % 3) + "-" + RUN);
        }
        miss(GLOBEX, "+49301234100", "line-0-" + RUN);
        TestStacks.eventually(stack, EMMA, "/api/v1/callbacks?limit=300", "12 open items",
                answer -> ids((List<?>) answer.get("items")).size() == 12);
        TestStacks.eventually(stack, OLGA, "/api/v1/callbacks", "org-b's open item",
                answer -> ((List<?>) answer.get("items")).size() == 1);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneRequestListsEveryLinesOpenItemsOldestFirstPaged() throws Exception {
        List<String> numbers = new ArrayList<>();
        List<String> firstMisses = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Map<String, Object> page = get(EMMA, "/api/v1/callbacks?limit=5" + (token == null ? ""
                    : "&nextToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            for (Object item : (List<?>) page.get("items")) {
                Map<?, ?> open = (Map<?, ?>) item;
                if (String.valueOf(open.get("line")).endsWith(RUN)) {
                    numbers.add((String) open.get("number"));
                    firstMisses.add((String) open.get("firstMissedAt"));
                    assertFalse(open.containsKey("waitingSeconds"), "timestamps only");
                }
            }
            token = (String) page.get("nextToken");
            pages++;
        } while (token != null);
        assertEquals(12, numbers.size(), "every line's items once: " + numbers);
        assertEquals(12, new HashSet<>(numbers).size());
        // by instant: an ISO text whose milliseconds are 0 has none, so the texts do not sort as the instants
        assertEquals(firstMisses.stream().sorted(java.util.Comparator.comparing(java.time.Instant::parse)).toList(),
                firstMisses, "longest waiting first");
        assertTrue(pages >= 3);
        assertTrue(numbers.contains("+49301234100"), numbers.toString());
        Map<String, Object> theirs = get(OLGA, "/api/v1/callbacks");
        assertEquals(1, ((List<?>) theirs.get("items")).size(), "org-b sees its own item only: " + theirs);
    }

    @Test
    void aNumberInAnySpellingFiltersTheList() throws Exception {
        Map<String, Object> page = get(EMMA, "/api/v1/callbacks?number=030%201234105");
        List<?> items = (List<?>) page.get("items");
        assertEquals(1, items.size(), page.toString());
        assertEquals("+49301234105", ((Map<?, ?>) items.get(0)).get("number"));
        assertEquals("030 1234105", ((Map<?, ?>) ((Map<?, ?>) items.get(0)).get("contact")).get("display"));
        assertEquals(List.of(), get(EMMA, "/api/v1/callbacks?number=%2B4989999999").get("items"));
    }

    @Test
    void anUnchangedWorklistIs304AndAChangeIsNot() throws Exception {
        String path = "/api/v1/callbacks?line=line-1-" + RUN;
        HttpResponse<String> first = request(path, null);
        assertEquals(200, first.statusCode());
        String tag = first.headers().firstValue("etag").orElseThrow();
        HttpResponse<String> again = request(path, tag);
        assertEquals(304, again.statusCode(), "nothing changed");
        assertEquals("", again.body());

        String itemId = (String) ((Map<?, ?>) ((List<?>) Json.parseObject(first.body()).get("items")).get(0))
                .get("itemId");
        HttpResponse<String> claim = TestStacks.send(stack, "POST", "/api/v1/callbacks/" + itemId + "/claim", EMMA,
                null);
        assertEquals(200, claim.statusCode(), claim.body());
        HttpResponse<String> claimed = request(path, tag);
        assertEquals(200, claimed.statusCode(), "a claim changes the list");
        assertTrue(claimed.body().contains("\"claimedByName\":\"Emma Taylor\""), claimed.body());
        String newTag = claimed.headers().firstValue("etag").orElseThrow();
        assertNotEquals(tag, newTag);
        assertEquals(304, request(path, newTag).statusCode());

        miss(ACME, "+49301234999", "line-1-" + RUN);
        Map<String, Object> grown = TestStacks.eventually(stack, EMMA, path, "the new item",
                answer -> ((List<?>) answer.get("items")).size() == 5);
        assertEquals(5, ((List<?>) grown.get("items")).size());
        assertEquals(200, request(path, newTag).statusCode(), "a new miss changes the list");
    }

    private static List<String> ids(List<?> items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> {
            if (String.valueOf(((Map<?, ?>) item).get("line")).endsWith(RUN)) {
                ids.add((String) ((Map<?, ?>) item).get("itemId"));
            }
        });
        return ids;
    }

    private static void miss(String token, String from, String line) throws Exception {
        String callId = UUID.randomUUID().toString();
        for (String json : List.of("{\"event\":\"newCall\",\"from\":\"" + from + "\",\"to\":\"+4930500\","
                + "\"direction\":\"in\",\"callId\":\"" + callId + "\",\"queue\":\"" + line + "\"}",
                "{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + callId + "\",\"cause\":\"cancel\"}")) {
            HttpResponse<String> response = TestStacks.send(stack, "POST", "/api/v1/cti/" + token, null, json);
            assertEquals(200, response.statusCode(), response.body());
        }
    }

    private static Map<String, Object> get(String token, String path) throws Exception {
        HttpResponse<String> response = TestStacks.send(stack, "GET", path, token, null);
        assertEquals(200, response.statusCode(), response.body());
        return Json.parseObject(response.body());
    }

    private static HttpResponse<String> request(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + path))
                .header("authorization", "Bearer " + EMMA);
        if (ifNoneMatch != null) {
            request.header("if-none-match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
