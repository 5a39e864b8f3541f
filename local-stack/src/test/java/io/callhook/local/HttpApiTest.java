// Over real HTTP: an in-process local stack on test-template.yaml (echoing and failing HTTP functions).
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(Options.onFreePorts(StreamPollerTest.testTemplate(), List.of("unused")), LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static Map<String, Object> echo(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow(),
                "a response without statusCode is sent as JSON");
        return LocalJson.parseObject(response.body());
    }

    @Test
    void theFunctionGetsThePayload20EventApiGatewayWouldSend() throws Exception {
        long before = Instant.now().toEpochMilli();
        Map<String, Object> event = echo(HttpRequest.newBuilder(
                        URI.create(stack.url() + "/echo/a/b%20c?x=1&x=2&y=z"))
                .header("X-Thing", "one")
                .header("Cookie", "s=1; t=2")
                .header("content-type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("k=v&k2=v2")));
        long after = Instant.now().toEpochMilli();

        assertEquals("2.0", event.get("version"));
        assertEquals("ANY /echo/{rest+}", event.get("routeKey"));
        assertEquals("/echo/a/b%20c", event.get("rawPath"));
        assertEquals("x=1&x=2&y=z", event.get("rawQueryString"));
        assertEquals(Map.of("x", "1,2", "y", "z"), event.get("queryStringParameters"));
        assertEquals(Map.of("rest", "a/b c"), event.get("pathParameters"));
        assertEquals(List.of("s=1", "t=2"), event.get("cookies"));
        Map<String, Object> headers = LocalJson.object(event.get("headers"));
        assertEquals("one", headers.get("x-thing"));
        assertEquals("application/x-www-form-urlencoded", headers.get("content-type"));
        assertEquals(true, event.get("isBase64Encoded"));
        assertEquals("k=v&k2=v2", new String(Base64.getDecoder().decode((String) event.get("body"))));
        Map<String, Object> context = LocalJson.object(event.get("requestContext"));
        long timeEpoch = ((Number) context.get("timeEpoch")).longValue();
        assertTrue(timeEpoch >= before && timeEpoch <= after, "timeEpoch is the receive time");
        assertEquals("PUT", LocalJson.object(context.get("http")).get("method"));
        assertEquals("$default", context.get("stage"));
    }

    @Test
    void aFunctionThatThrowsGivesApiGatewaysInternalServerError() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/explode"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(500, response.statusCode());
        assertEquals(Map.of("message", "Internal Server Error"), LocalJson.parseObject(response.body()));
        assertTrue(LOG.text().contains("[http] GET /explode -> 500"), LOG.text());
    }
}
