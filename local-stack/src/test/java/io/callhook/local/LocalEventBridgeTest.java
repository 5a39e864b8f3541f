// The local EventBridge endpoint, called by the real AWS SDK EventBridge client over HTTP (in-process local stack).
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.auth.TokenHashes;
import io.callhook.template.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

class LocalEventBridgeTest {

    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        Options options = Options.onFreePorts(SamTemplate.find(), List.of("t1"));
        stack = LocalStack.start(options, LOG.stream());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** The client a function builds from AWS_ENDPOINT_URL_EVENTBRIDGE. */
    private static EventBridgeClient client() {
        return EventBridgeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(URI.create(stack.environmentOf("CtiWebhookFunction")
                        .get(LocalStack.EVENTBRIDGE_ENDPOINT)))
                .build();
    }

    @Test
    void putEventsIsAnsweredLoggedAndListed() throws Exception {
        PutEventsResponse response;
        try (EventBridgeClient events = client()) {
            response = events.putEvents(b -> b.entries(
                    PutEventsRequestEntry.builder().source("callhook.test").detailType("MissedCall")
                            .detail("{\"callId\":\"c-1\",\"from\":\"493055571600\"}").build(),
                    PutEventsRequestEntry.builder().source("callhook.test").detailType("CallEnded")
                            .detail("{\"callId\":\"c-2\"}").eventBusName("calls").build()));
        }
        assertEquals(0, response.failedEntryCount());
        assertEquals(2, response.entries().size());
        assertTrue(response.entries().stream().allMatch(e -> e.eventId() != null && e.errorCode() == null));

        HttpResponse<String> listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.url() + "/_local/events")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, listed.statusCode());
        List<?> kept = LocalJson.list(LocalJson.parseObject(listed.body()).get("events")).stream()
                .filter(e -> "callhook.test".equals(LocalJson.object(e).get("source"))).toList();
        assertEquals(2, kept.size());
        Map<String, Object> first = LocalJson.object(kept.get(0));
        assertEquals("callhook.test", first.get("source"));
        assertEquals("MissedCall", first.get("detail-type"));
        assertEquals(Map.of("callId", "c-1", "from", "493055571600"), first.get("detail"));
        assertEquals(response.entries().get(0).eventId(), first.get("id"));
        assertEquals("default", first.get("eventBusName"));
        assertEquals("calls", LocalJson.object(kept.get(1)).get("eventBusName"));
        assertTrue(LOG.text().contains("[events] default source=callhook.test detail-type=MissedCall detail="
                + "{\"callId\":\"c-1\",\"from\":\"493055571600\"}"), LOG.text());
    }

    @Test
    void aBadEntryFailsAloneAsOnEventBridge() {
        PutEventsResponse response;
        try (EventBridgeClient events = client()) {
            response = events.putEvents(b -> b.entries(
                    PutEventsRequestEntry.builder().source("s").detailType("d").detail("not json").build(),
                    PutEventsRequestEntry.builder().source("s").detailType("d").detail("{}").build()));
        }
        assertEquals(1, response.failedEntryCount());
        assertEquals("MalformedDetail", response.entries().get(0).errorCode());
        assertTrue(response.entries().get(1).eventId() != null);
    }

    @Test
    void everyFunctionGetsTheLocalEndpoints() {
        Map<String, String> env = stack.environmentOf("CtiWebhookFunction");
        assertEquals(stack.url(), env.get(LocalStack.EVENTBRIDGE_ENDPOINT));
        assertEquals(stack.dynamoDbEndpoint(), env.get("AWS_ENDPOINT_URL_DYNAMODB"));
        assertEquals("us-east-1", env.get("AWS_REGION"));
        assertEquals("CallsTable", env.get("CALLS_TABLE"));
        assertEquals("365", env.get("RETENTION_DAYS"));
        assertEquals("local:" + TokenHashes.hashOf("t1"), env.get("WEBHOOK_TOKEN_HASHES"));
        assertFalse(env.containsValue("t1"), "only the token's hash reaches the function");
    }
}
