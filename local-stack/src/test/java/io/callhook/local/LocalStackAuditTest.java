// End to end over real HTTP: an in-process local stack runs template.yaml; agents and admins act through the API,
// the organization's admin reads the audit trail, the engine fails the audit write once, and an erasure strips the
// number from the trail (its job driven by the erasures table's stream and the sweep's schedule).
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.callhook.aws.Retries;
import io.callhook.engine.Faults;
import io.callhook.json.Json;
import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackAuditTest {

    private static final String TOKEN = "pbx-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("agents.json"), "[{\"id\":\"emma\",\"login\":\"emma\",\"organizationId\":\"1\","
                + "\"token\":\"" + EMMA + "\"}]");
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(TOKEN))
                .withAgents(dir.resolve("agents.json")).withAdminToken(ADMIN), LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return TestStacks.send(stack, method, path, token, json);
    }

    static Map<String, Object> ok(String method, String path, String token, String json) throws Exception {
        HttpResponse<String> response = send(method, path, token, json);
        assertTrue(response.statusCode() / 100 == 2, method + " " + path + ": " + response.body());
        return Json.parseObject(response.body());
    }

    static List<?> entries() throws Exception {
        return (List<?>) ok("GET", "/api/v1/admin/organizations/1/audit?limit=300", ADMIN, null).get("entries");
    }

    static Map<?, ?> entry(String action, String key, String value) throws Exception {
        for (Object entry : entries()) {
            Map<?, ?> found = (Map<?, ?>) entry;
            if (action.equals(found.get("action")) && value.equals(((Map<?, ?>) found.get("target")).get(key))) {
                return found;
            }
        }
        return null;
    }

    @Test
    void everyChangeIsRecordedWithWhoWhatWhenAndFromWhereAndAFailedRecordFailsTheAction() throws Exception {
        String call = "audit-" + UUID.randomUUID();
        ok("POST", "/api/v1/cti/" + TOKEN, null, "{\"event\":\"newCall\",\"from\":\"+49 30 23125777\","
                + "\"to\":\"492214710334\",\"direction\":\"in\",\"callId\":\"" + call + "\",\"queue\":\"support\"}");
        Instant before = Instant.now().minusSeconds(5);
        ok("POST", "/api/v1/cti/done/local:" + call, EMMA, "{\"done\": true}");
        ok("PUT", "/api/v1/admin/integrations/local/blocked-numbers/+49%2030%2023125777", ADMIN,
                "{\"note\": \"spam\"}");
        ok("PUT", "/api/v1/admin/organizations/1/retention", ADMIN, "{\"audit\": 400}");

        Map<?, ?> done = entry("POST /api/v1/cti/done/{callId}", "callId", "local:" + call);
        assertNotNull(done, entries().toString());
        assertEquals("emma", done.get("actor"));
        assertEquals("true", ((Map<?, ?>) done.get("target")).get("done"));
        assertEquals("127.0.0.1", done.get("sourceIp"));
        assertTrue(String.valueOf(done.get("userAgent")).startsWith("Java-http-client"), done.toString());
        assertFalse(Instant.parse((String) done.get("at")).isBefore(before));
        Map<?, ?> block = entry("PUT /api/v1/admin/integrations/{integration}/blocked-numbers/{number}",
                "integration", "local");
        assertNotNull(block, entries().toString());
        assertEquals("admin", block.get("actor"));
        assertTrue(entries().stream().anyMatch(e -> "PUT /api/v1/admin/organizations/{organization}/retention"
                .equals(((Map<?, ?>) e).get("action"))), "retention changes are recorded");
        // reads are not recorded
        assertTrue(entries().stream().noneMatch(e -> String.valueOf(((Map<?, ?>) e).get("action"))
                .startsWith("GET ")));

        // the audit write fails past the client's retries: the action answers 503, its retry is recorded
        Faults.Rule rule = stack.engine().faults().add(Faults.Rule.on("PutItem")
                .table(tableOf("AuditTable")).times(Retries.DYNAMODB_ATTEMPTS));
        HttpResponse<String> failed = send("POST", "/api/v1/cti/done/local:" + call, EMMA, "{\"done\": false}");
        assertEquals(503, failed.statusCode(), failed.body());
        assertEquals(Retries.DYNAMODB_ATTEMPTS, rule.fired());
        ok("POST", "/api/v1/cti/done/local:" + call, EMMA, "{\"done\": false}");
        assertNotNull(entry("POST /api/v1/cti/done/{callId}", "done", "false"));

        // paged, newest first
        Map<String, Object> first = ok("GET", "/api/v1/admin/organizations/1/audit?limit=1", ADMIN, null);
        assertEquals(1, ((List<?>) first.get("entries")).size());
        assertNotNull(first.get("nextToken"));
        Map<String, Object> second = ok("GET", "/api/v1/admin/organizations/1/audit?limit=1&nextToken="
                + first.get("nextToken"), ADMIN, null);
        assertTrue(((String) ((Map<?, ?>) ((List<?>) first.get("entries")).get(0)).get("at")).compareTo(
                (String) ((Map<?, ?>) ((List<?>) second.get("entries")).get(0)).get("at")) >= 0);
        assertEquals(422, send("GET", "/api/v1/admin/organizations/1/audit?limit=0", ADMIN, null).statusCode());

        // an erasure strips the number from the trail, and is recorded itself without it
        Map<String, Object> job = ok("POST", "/api/v1/admin/organizations/1/erasures", ADMIN,
                "{\"number\": \"0049 30 23125777\"}");
        String path = "/api/v1/admin/organizations/1/erasures/" + job.get("jobId");
        until(path, "waiting");
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.url()
                + "/_local/schedules/ErasureSweepFunction?time=" + Instant.now().plus(Duration.ofMinutes(5))))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> report = until(path, "done");
        assertTrue(((Number) ((Map<?, ?>) report.get("removed")).get("audit")).intValue() >= 1, report.toString());
        assertEquals("[erased]", ((Map<?, ?>) entry("PUT /api/v1/admin/integrations/{integration}/blocked-numbers/"
                + "{number}", "integration", "local").get("target")).get("number"));
        Map<?, ?> erasure = entry("POST /api/v1/admin/organizations/{organization}/erasures", "jobId",
                (String) job.get("jobId"));
        assertNotNull(erasure);
        assertTrue(((Map<?, ?>) erasure.get("target")).get("numberHash").toString().matches("[0-9a-f]{64}"));
        assertFalse(Json.write(entries()).contains("23125777"), "no trace of the number in the trail");
    }

    static Map<String, Object> until(String path, String state) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Map<String, Object> job = ok("GET", path, ADMIN, null);
        while (!state.equals(job.get("state"))) {
            if (Instant.now().isAfter(deadline)) {
                fail("the erasure did not reach " + state + ": " + job);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            job = ok("GET", path, ADMIN, null);
        }
        return job;
    }

    static String tableOf(String logicalId) {
        return stack.environmentOf("CallerLogFunction").get(logicalId.equals("AuditTable") ? "AUDIT_TABLE" : "");
    }
}
