// End to end over real HTTP: an in-process local stack (engine, template.yaml's CTI webhook).
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class LocalStackCtiTest {

    private static final String TOKEN = "cti-e2e-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(TOKEN)), LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + path))
                .header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ctiEventsAsJsonAndFormBecomeOneCallRecord() throws Exception {
        String callId = UUID.randomUUID().toString();
        HttpResponse<String> newCall = post("/api/v1/cti/" + TOKEN, "application/json",
                "{\"event\":\"newCall\",\"from\":\"493055571600\",\"to\":\"492214710334\",\"direction\":\"in\","
                        + "\"callId\":\"" + callId + "\",\"user\":\"Emma Taylor\"}");
        assertEquals(200, newCall.statusCode(), newCall.body());
        assertEquals("{}", newCall.body());
        assertEquals("application/json", newCall.headers().firstValue("content-type").orElseThrow());

        HttpResponse<String> hangup = post("/api/v1/cti/" + TOKEN, "application/x-www-form-urlencoded",
                "event=hangup&from=493055571600&to=492214710334&direction=in&callId=" + callId
                        + "&cause=cancel");
        assertEquals(200, hangup.statusCode(), hangup.body());
        assertEquals("{}", hangup.body());

        try (DynamoDbClient dynamo = LocalStack.dynamoDbClient(stack.dynamoDbEndpoint())) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName("CallsTable")
                    .key(Map.of("pk", AttributeValue.fromS("local:" + callId))).consistentRead(true)).item();
            assertEquals("local", item.get("source").s());
            assertEquals("in", item.get("direction").s());
            assertEquals(Set.of("newCall", "hangup"), new TreeSet<>(item.get("events").ss()));
            assertNotNull(item.get("endedAt").n());
            assertEquals("cancel", item.get("cause").s());
            assertEquals("493055571600", item.get("from").s());
        }
    }

    @Test
    void aWrongTokenIsRefusedWithJson() throws Exception {
        HttpResponse<String> response = post("/api/v1/cti/not-" + TOKEN, "application/json",
                "{\"event\":\"newCall\",\"from\":\"1\",\"to\":\"2\",\"direction\":\"in\",\"callId\":\"x\"}");
        assertEquals(401, response.statusCode());
        assertTrue(LocalJson.parseObject(response.body()).containsKey("error"), response.body());
    }

    @Test
    void unknownRoutesAndMethodsGetApiGatewaysNotFound() throws Exception {
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/api/v1/nothing"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertEquals(Map.of("message", "Not Found"), LocalJson.parseObject(unknown.body()));

        HttpResponse<String> wrongMethod = HTTP.send(HttpRequest.newBuilder(
                URI.create(stack.url() + "/api/v1/cti/" + TOKEN)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, wrongMethod.statusCode());
    }

    @Test
    void requestLinesNameTheRouteNeverTheToken() throws Exception {
        post("/api/v1/cti/" + TOKEN, "application/json", "{}");
        String log = LOG.text();
        assertTrue(log.contains("[http] POST /api/v1/cti/{token} -> "), log);
        assertFalse(log.contains(TOKEN), "the token must not reach the log");
    }
}
