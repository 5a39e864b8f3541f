// End to end over real HTTP: an in-process local stack runs template.yaml (ConfigCacheSeconds 0); a call the CTI
// webhook heard of before an erasure without its number gets the number only in events sent after the erasure
// finished: the webhook writes none of them, so no table or index of the engine holds the number; the same number
// calling again afterwards is a new call and is recorded.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.callhook.json.Json;
import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;

class LocalStackLateEventsErasureTest {

    private static final String TOKEN = "pbx-" + UUID.randomUUID();
    private static final String ADMIN = "admin-" + UUID.randomUUID();
    /** The erased number's national significant digits: any stored text whose digit runs hold them is a trace. */
    private static final String DIGITS = "3023125766";
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(TOKEN))
                .withParameters(Map.of("ConfigCacheSeconds", "0")).withAdminToken(ADMIN), LOG.stream());
        dynamo = LocalStack.dynamoDbClient(stack.dynamoDbEndpoint());
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static Map<String, Object> ok(String method, String path, String token, String json) throws Exception {
        HttpResponse<String> response = TestStacks.send(stack, method, path, token, json);
        assertTrue(response.statusCode() / 100 == 2, method + " " + path + ": " + response.body());
        return Json.parseObject(response.body());
    }

    static void cti(String json) throws Exception {
        assertEquals(Map.of(), ok("POST", "/api/v1/cti/" + TOKEN, null, json), json);
    }

    @Test
    void eventsCarryingAnErasedNumberForACallHeardOfBeforeTheErasureWriteNothing() throws Exception {
        String call = "late-" + UUID.randomUUID();
        // heard of before the erasure, without the number
        cti("{\"event\":\"answer\",\"callId\":\"" + call + "\",\"answeringNumber\":\"emma\"}");

        Map<String, Object> job = ok("POST", "/api/v1/admin/organizations/1/erasures", ADMIN,
                "{\"number\": \"+49 30 23125766\", \"countryCode\": \"49\"}");
        String path = "/api/v1/admin/organizations/1/erasures/" + job.get("jobId");
        until(path, "waiting");
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.url()
                + "/_local/schedules/ErasureSweepFunction?time=" + Instant.now().plus(Duration.ofMinutes(5))))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(0L, ((Number) ((Map<?, ?>) until(path, "done").get("removed")).get("calls")).longValue(),
                "the call held no number when the calls step ran");

        // its number arrives late, in several formats and fields: accepted (200), written nowhere
        cti("{\"event\":\"hangup\",\"callId\":\"" + call + "\",\"direction\":\"in\",\"from\":\"0049 30 2312-5766\","
                + "\"to\":\"492214710334\",\"cause\":\"cancel\"}");
        cti("{\"event\":\"answer\",\"callId\":\"" + call + "\",\"answeringNumber\":\"030 23125766\"}");
        cti("{\"event\":\"hangup\",\"callId\":\"" + call + "\",\"user\":[\"+49 (30) 2312.5766\"]}");
        assertEquals(List.of(), traces());
        String calls = stack.environmentOf("CtiWebhookFunction").get("CALLS_TABLE");
        Map<String, AttributeValue> record = dynamo.getItem(b -> b.tableName(calls).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("local:" + call)))).item();
        assertEquals(List.of("answer"), record.get("events").ss(), "the record keeps what it had: " + record);

        // the same number calls again: new data, recorded
        String again = "again-" + UUID.randomUUID();
        cti("{\"event\":\"newCall\",\"from\":\"+49 30 23125766\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"" + again + "\",\"queue\":\"support\"}");
        assertEquals("+49 30 23125766", dynamo.getItem(b -> b.tableName(calls).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("local:" + again)))).item().get("from").s());
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

    /** Every text in every table and index of the engine holding the number's digits, as table / index: text. */
    static List<String> traces() {
        List<String> found = new ArrayList<>();
        for (String table : dynamo.listTables().tableNames()) {
            List<String> indexes = new ArrayList<>();
            indexes.add(null);
            var description = dynamo.describeTable(b -> b.tableName(table)).table();
            if (description.hasGlobalSecondaryIndexes()) {
                description.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName)
                        .forEach(indexes::add);
            }
            for (String index : indexes) {
                dynamo.scanPaginator(b -> b.tableName(table).indexName(index)).items().forEach(item ->
                        item.values().forEach(value -> texts(value).forEach(text -> {
                            if (holdsDigits(text)) {
                                found.add(table + (index == null ? "" : "/" + index) + ": " + text);
                            }
                        })));
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

    static List<String> texts(AttributeValue value) {
        List<String> texts = new ArrayList<>();
        if (value.s() != null) {
            texts.add(value.s());
        }
        texts.addAll(value.ss());
        value.m().values().forEach(v -> texts.addAll(texts(v)));
        value.l().forEach(v -> texts.addAll(texts(v)));
        return texts;
    }
}
