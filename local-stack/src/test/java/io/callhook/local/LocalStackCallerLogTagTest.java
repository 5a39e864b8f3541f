// End to end over real HTTP: an in-process local stack. The caller log's ETag is of the organization's caller-log
// change marker, which its own reader of the calls stream (CallLogMarkerFunction) raises once per batch, beside the
// missed-calls function's reader: an unchanged organization's poll with
// If-None-Match is answered 304 without reading the calls (the engine's unit accounting shows no read of the calls
// table or its indexes), a call event handled by the marker's reader changes the tag, and another organization's
// calls do not.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.callhook.engine.CapacityUnits;
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

class LocalStackCallerLogTagTest {

    private static final String ACME = "acme-" + UUID.randomUUID();
    private static final String GLOBEX = "globex-" + UUID.randomUUID();
    private static final String EMMA = "emma-" + UUID.randomUUID();
    private static final String OLGA = "olga-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
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
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anUnchangedLogIs304WithoutReadingTheCallsAndAStreamedEventChangesIt() throws Exception {
        // a missed call: once it is listed, the stream function has handled both of its records
        String first = miss(ACME, "+4930111222");
        TestStacks.eventually(stack, EMMA, "/api/v1/missed-calls?line=tags", "the missed call",
                answer -> answer.get("entries").toString().contains(first));
        String path = "/api/v1/cti/log?queue=tags&limit=10";
        HttpResponse<String> log = request(EMMA, path, null);
        assertEquals(200, log.statusCode(), log.body());
        assertTrue(log.body().contains(first), log.body());
        // both readers of the calls stream have handled the missed call's records (the marker's reader raises after
        // its batch, at its own pace): take the tag once a poll with it is 304
        stack.awaitStreams();
        String tag = settled(path, log.headers().firstValue("etag").orElseThrow());

        CapacityUnits units = stack.engine().units();
        units.reset();
        units.start();
        HttpResponse<String> unchanged = request(EMMA, path, tag);
        units.stop();
        assertEquals(304, unchanged.statusCode(), unchanged.body());
        assertEquals("", unchanged.body());
        assertEquals(0.0, callReads(units), "no read of the calls or their indexes: " + units.usage());

        // another organization's missed call, handled by the stream function: this log's tag stays
        String theirs = miss(GLOBEX, "+4930333444");
        TestStacks.eventually(stack, OLGA, "/api/v1/missed-calls?line=tags", "their missed call",
                answer -> answer.get("entries").toString().contains(theirs));
        assertEquals(304, request(EMMA, path, tag).statusCode(), "org-b's calls do not change org-a's log");

        // a new call of this organization: once the marker's stream reader has handled it, the full log with a new tag
        String second = UUID.randomUUID().toString();
        HttpResponse<String> ring = TestStacks.send(stack, "POST", "/api/v1/cti/" + ACME, null,
                "{\"event\":\"newCall\",\"from\":\"+4930555666\",\"to\":\"+4930500\",\"direction\":\"in\","
                        + "\"callId\":\"" + second + "\",\"queue\":\"tags\"}");
        assertEquals(200, ring.statusCode(), ring.body());
        HttpResponse<String> changed = untilChanged(path, tag);
        assertTrue(changed.body().contains(second), changed.body());
        String newTag = changed.headers().firstValue("etag").orElseThrow();
        assertNotEquals(tag, newTag);
        units.reset();
        units.start();
        assertEquals(304, request(EMMA, path, newTag).statusCode());
        units.stop();
        assertEquals(0.0, callReads(units), units.usage().toString());
    }

    /** Read units of the calls table and its indexes. */
    private static double callReads(CapacityUnits units) {
        return units.usage().stream().filter(usage -> usage.table().contains("CallsTable")
                        && !usage.table().contains("MissedCallsTable"))
                .mapToDouble(CapacityUnits.Usage::readUnits).sum();
    }

    /** {@code tag}, or the newer one the log has once a poll with it is answered 304. */
    private static String settled(String path, String tag) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            HttpResponse<String> response = request(EMMA, path, tag);
            if (response.statusCode() == 304) {
                return tag;
            }
            assertEquals(200, response.statusCode(), response.body());
            if (Instant.now().isAfter(deadline)) {
                fail("GET " + path + " never answered 304 within 30 s");
            }
            tag = response.headers().firstValue("etag").orElseThrow();
        }
    }

    /** Polls with {@code tag} until the answer is no longer 304 (the marker's stream reader raised the marker). */
    private static HttpResponse<String> untilChanged(String path, String tag) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            HttpResponse<String> response = request(EMMA, path, tag);
            if (response.statusCode() != 304) {
                assertEquals(200, response.statusCode(), response.body());
                return response;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("GET " + path + " stayed 304 for 30 s after a new call");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static String miss(String token, String from) throws Exception {
        String callId = UUID.randomUUID().toString();
        for (String json : List.of("{\"event\":\"newCall\",\"from\":\"" + from + "\",\"to\":\"+4930500\","
                + "\"direction\":\"in\",\"callId\":\"" + callId + "\",\"queue\":\"tags\"}",
                "{\"event\":\"hangup\",\"direction\":\"in\",\"callId\":\"" + callId + "\",\"cause\":\"cancel\"}")) {
            HttpResponse<String> response = TestStacks.send(stack, "POST", "/api/v1/cti/" + token, null, json);
            assertEquals(200, response.statusCode(), response.body());
        }
        return callId;
    }

    private static HttpResponse<String> request(String token, String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url() + path))
                .header("authorization", "Bearer " + token);
        if (ifNoneMatch != null) {
            request.header("if-none-match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
