// Unit tests, no I/O: HTTP requests to API Gateway payload 2.0 events, route matching, and responses back to HTTP.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.callhook.http.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayEventsTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00.123Z");
    private static final Routes ROUTES = new Routes(List.of(
            new Routes.Route("POST", "/api/v1/cti/{token}", "Cti"),
            new Routes.Route("GET", "/api/v1/calls", "Calls"),
            new Routes.Route("ANY", "/api/v1/calls/{callId}", "AnyCall"),
            new Routes.Route("GET", "/api/v1/calls/{callId}", "GetCall"),
            new Routes.Route("GET", "/files/{path+}", "Files")));

    private static Map<String, Object> event(String method, String path, String query, String contentType,
                                             byte[] body, List<Map.Entry<String, String>> extraHeaders) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(
                Map.entry("Host", "127.0.0.1:3000"), Map.entry("User-Agent", "curl/8.5.0")));
        if (contentType != null) {
            headers.add(Map.entry("Content-Type", contentType));
        }
        headers.addAll(extraHeaders);
        Routes.Match match = ROUTES.match(method, path).orElseThrow();
        return ApiGatewayEvents.toEvent(new ApiGatewayEvents.IncomingRequest(method, path, query, headers, body,
                "127.0.0.1", "HTTP/1.1", 3000), match, "req-1", RECEIVED);
    }

    private static APIGatewayV2HTTPEvent asLambdaEvent(Map<String, Object> event) {
        return (APIGatewayV2HTTPEvent) LocalFunction.serializerFor(APIGatewayV2HTTPEvent.class,
                ApiGatewayEventsTest.class.getClassLoader()).fromJson(LocalJson.write(event));
    }

    @Test
    void jsonBodiesArriveAsTextWithTheEnvelopeApiGatewayBuilds() {
        String json = "{\"event\":\"newCall\"}";
        Map<String, Object> event = event("POST", "/api/v1/cti/s3cret", "", "application/json; charset=utf-8",
                json.getBytes(StandardCharsets.UTF_8), List.of());
        assertEquals("2.0", event.get("version"));
        assertEquals("POST /api/v1/cti/{token}", event.get("routeKey"));
        assertEquals("/api/v1/cti/s3cret", event.get("rawPath"));
        assertEquals("", event.get("rawQueryString"));
        assertEquals(json, event.get("body"));
        assertEquals(false, event.get("isBase64Encoded"));
        assertEquals(Map.of("token", "s3cret"), event.get("pathParameters"));
        assertFalse(event.containsKey("queryStringParameters"));
        assertFalse(event.containsKey("cookies"));

        Map<String, Object> context = LocalJson.object(event.get("requestContext"));
        assertEquals("$default", context.get("stage"));
        assertEquals("POST /api/v1/cti/{token}", context.get("routeKey"));
        assertEquals(RECEIVED.toEpochMilli(), context.get("timeEpoch"));
        assertEquals("23/Nov/2026:12:00:00 +0000", context.get("time"));
        assertEquals("req-1", context.get("requestId"));
        assertEquals("127.0.0.1", context.get("domainName"));
        Map<String, Object> http = LocalJson.object(context.get("http"));
        assertEquals("POST", http.get("method"));
        assertEquals("/api/v1/cti/s3cret", http.get("path"));
        assertEquals("HTTP/1.1", http.get("protocol"));
        assertEquals("127.0.0.1", http.get("sourceIp"));
        assertEquals("curl/8.5.0", http.get("userAgent"));

        // what the function's handler reads, through the Lambda runtime's deserialization
        ApiRequest request = ApiRequest.of(asLambdaEvent(event));
        assertEquals("s3cret", request.pathParameter("token"));
        assertEquals(RECEIVED.toEpochMilli(), request.receivedAt().toEpochMilli());
        assertEquals(json, new String(request.body(), StandardCharsets.UTF_8));
        assertEquals("application/json; charset=utf-8", request.contentType());
    }

    @Test
    void formAndMultipartBodiesArriveBase64Encoded() {
        byte[] form = "event=hangup&cause=cancel".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> formEvent = event("POST", "/api/v1/cti/t", null, "application/x-www-form-urlencoded",
                form, List.of());
        assertEquals(true, formEvent.get("isBase64Encoded"));
        assertEquals(Base64.getEncoder().encodeToString(form), formEvent.get("body"));
        assertEquals("event=hangup&cause=cancel", new String(ApiRequest.of(asLambdaEvent(formEvent)).body(),
                StandardCharsets.UTF_8));

        byte[] multipart = "--b\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nanswer\r\n--b--\r\n"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Object> multipartEvent = event("POST", "/api/v1/cti/t", null,
                "multipart/form-data; boundary=b", multipart, List.of());
        assertEquals(true, multipartEvent.get("isBase64Encoded"));
        assertEquals(Base64.getEncoder().encodeToString(multipart), multipartEvent.get("body"));

        Map<String, Object> untyped = event("POST", "/api/v1/cti/t", null, null, new byte[] {1, 2}, List.of());
        assertEquals(true, untyped.get("isBase64Encoded"));
    }

    @Test
    void textTypesAndXmlStayText() {
        assertTrue(ApiGatewayEvents.isText("text/plain"));
        assertTrue(ApiGatewayEvents.isText("TEXT/CSV; charset=utf-8"));
        assertTrue(ApiGatewayEvents.isText("application/xml"));
        assertTrue(ApiGatewayEvents.isText("application/problem+json"));
        assertFalse(ApiGatewayEvents.isText("application/octet-stream"));
        assertFalse(ApiGatewayEvents.isText("application/x-www-form-urlencoded"));
        assertFalse(ApiGatewayEvents.isText(null));
    }

    @Test
    void noBodyMeansNoBodyField() {
        Map<String, Object> event = event("GET", "/api/v1/calls", null, null, new byte[0], List.of());
        assertFalse(event.containsKey("body"));
        assertEquals(false, event.get("isBase64Encoded"));
        assertFalse(event.containsKey("pathParameters"));
    }

    @Test
    void headersAreLowerCasedAndRepeatedOnesJoinedWithCommas() {
        Map<String, Object> event = event("GET", "/api/v1/calls", null, null, new byte[0], List.of(
                Map.entry("X-Custom", "a"), Map.entry("x-custom", "b"), Map.entry("Accept", "*/*"),
                Map.entry("Cookie", "session=1; theme=dark"), Map.entry("Cookie", "extra=2")));
        Map<String, Object> headers = LocalJson.object(event.get("headers"));
        assertEquals("a,b", headers.get("x-custom"));
        assertEquals("*/*", headers.get("accept"));
        assertEquals("127.0.0.1:3000", headers.get("host"));
        assertEquals("127.0.0.1", headers.get("x-forwarded-for"));
        assertEquals("3000", headers.get("x-forwarded-port"));
        assertEquals("http", headers.get("x-forwarded-proto"));
        assertTrue(String.valueOf(headers.get("x-amzn-trace-id")).startsWith("Root=1-"));
        assertTrue(headers.keySet().stream().allMatch(k -> k.equals(k.toLowerCase())));
        assertNull(headers.get("cookie"), "cookies move to the cookies field");
        assertEquals(List.of("session=1", "theme=dark", "extra=2"), event.get("cookies"));
    }

    @Test
    void queryParametersAreDecodedAndRepeatedOnesJoined() {
        Map<String, Object> event = event("GET", "/api/v1/calls", "limit=10&tag=a&tag=b%20c&flag&q=x+y", null,
                new byte[0], List.of());
        assertEquals("limit=10&tag=a&tag=b%20c&flag&q=x+y", event.get("rawQueryString"));
        assertEquals(Map.of("limit", "10", "tag", "a,b c", "flag", "", "q", "x y"),
                event.get("queryStringParameters"));
    }

    @Test
    void routesMatchMethodAndPathTemplateMostSpecificFirst() {
        assertEquals("Cti", ROUTES.match("post", "/api/v1/cti/abc").orElseThrow().route().functionId());
        assertTrue(ROUTES.match("GET", "/api/v1/cti/abc").isEmpty(), "wrong method");
        assertTrue(ROUTES.match("POST", "/api/v1/cti/").isEmpty(), "empty parameter");
        assertTrue(ROUTES.match("POST", "/api/v1/cti/a/b").isEmpty(), "extra segment");
        assertTrue(ROUTES.match("POST", "/api/v1/ctix/a").isEmpty());
        assertEquals("GetCall", ROUTES.match("GET", "/api/v1/calls/c1").orElseThrow().route().functionId());
        assertEquals("AnyCall", ROUTES.match("DELETE", "/api/v1/calls/c1").orElseThrow().route().functionId());
        assertEquals(Map.of("callId", "a b"), ROUTES.match("GET", "/api/v1/calls/a%20b").orElseThrow()
                .pathParameters());
        Routes.Match greedy = ROUTES.match("GET", "/files/a/b/c.txt").orElseThrow();
        assertEquals(Map.of("path", "a/b/c.txt"), greedy.pathParameters());
        assertEquals("GET /files/{path+}", greedy.route().routeKey());
        Routes withDefault = new Routes(List.of(new Routes.Route("ANY", "$default", "Fallback"),
                new Routes.Route("GET", "/x", "X")));
        assertEquals("X", withDefault.match("GET", "/x").orElseThrow().route().functionId());
        assertEquals("$default", withDefault.match("PUT", "/y/z").orElseThrow().route().routeKey());
    }

    @Test
    void responsesBecomeHttpAnswers() {
        ApiGatewayResponses.HttpReply proxy = ApiGatewayResponses.fromFunctionResponse(
                "{\"statusCode\":201,\"headers\":{\"content-type\":\"text/plain\",\"x-n\":5},"
                        + "\"cookies\":[\"a=1\"],\"body\":\"created\",\"isBase64Encoded\":false}");
        assertEquals(201, proxy.status());
        assertEquals("created", proxy.bodyText());
        assertTrue(proxy.headers().contains(Map.entry("content-type", "text/plain")));
        assertTrue(proxy.headers().contains(Map.entry("x-n", "5")));
        assertTrue(proxy.headers().contains(Map.entry("set-cookie", "a=1")));

        ApiGatewayResponses.HttpReply binary = ApiGatewayResponses.fromFunctionResponse(
                "{\"statusCode\":200,\"body\":\"AAEC\",\"isBase64Encoded\":true}");
        assertEquals(List.of((byte) 0, (byte) 1, (byte) 2), List.of(binary.body()[0], binary.body()[1],
                binary.body()[2]));

        ApiGatewayResponses.HttpReply inferred = ApiGatewayResponses.fromFunctionResponse("{\"ok\":true}");
        assertEquals(200, inferred.status());
        assertEquals("{\"ok\":true}", inferred.bodyText());
        assertTrue(inferred.headers().contains(Map.entry("content-type", "application/json")));

        assertThrows(IllegalArgumentException.class, () -> ApiGatewayResponses.fromFunctionResponse("not json"));
        assertThrows(IllegalArgumentException.class,
                () -> ApiGatewayResponses.fromFunctionResponse("{\"statusCode\":\"soon\"}"));
    }
}
