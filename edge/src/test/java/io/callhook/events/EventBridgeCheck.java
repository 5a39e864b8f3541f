package io.callhook.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.callhook.config.Environment;
import io.callhook.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * The EventBridge publisher's check against an emulator of EventBridge and SQS (LocalStack, moto): a rule on the
 * default bus forwards callhook's events to an SQS queue, and the check receives what the bus got. The emulators
 * route by target and credential scope and do not check signatures.
 */
final class EventBridgeCheck {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI endpoint;
    private final String region;

    EventBridgeCheck(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    EventPublisher publisher(String bus) {
        return EventBridgePublisher.fromEnvironment(Environment.of(Map.of(
                "AWS_ENDPOINT_URL_EVENTBRIDGE", endpoint.toString(), "AWS_REGION", region, "EVENT_BUS_NAME", bus)));
    }

    /** One call of an AWS JSON-protocol API ({@code target} as in {@code X-Amz-Target}). */
    Map<String, Object> call(String service, String protocol, String target, Map<String, Object> body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint)
                .header("content-type", "application/x-amz-json-" + protocol)
                .header("x-amz-target", target)
                .header("authorization", "AWS4-HMAC-SHA256 Credential=test/20250101/" + region + "/"
                        + service + "/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), target + ": " + response.body());
        return response.body().isBlank() ? Map.of() : Json.parseObject(response.body());
    }

    /** The default bus receives the signed PutEvents with callhook's source, the detail type and the detail. */
    void theDefaultBusReceivesWhatThePublisherSends() throws IOException, InterruptedException {
        String queueUrl = (String) call("sqs", "1.0", "AmazonSQS.CreateQueue", Map.of("QueueName", "callhook-events"))
                .get("QueueUrl");
        Map<?, ?> attributes = (Map<?, ?>) call("sqs", "1.0", "AmazonSQS.GetQueueAttributes",
                Map.of("QueueUrl", queueUrl, "AttributeNames", List.of("QueueArn"))).get("Attributes");
        call("events", "1.1", "AWSEvents.PutRule", Map.of("Name", "callhook-to-queue", "EventBusName", "default",
                "EventPattern", "{\"source\":[\"callhook\"]}"));
        call("events", "1.1", "AWSEvents.PutTargets", Map.of("Rule", "callhook-to-queue", "EventBusName", "default",
                "Targets", List.of(Map.of("Id", "queue", "Arn", attributes.get("QueueArn")))));

        publisher("default").publish("MissedCall", Map.of("callId", "c-1", "line", "x"));

        List<?> messages = (List<?>) call("sqs", "1.0", "AmazonSQS.ReceiveMessage", Map.of("QueueUrl", queueUrl,
                "WaitTimeSeconds", 10, "MaxNumberOfMessages", 10)).get("Messages");
        assertFalse(messages == null || messages.isEmpty(), "the bus forwarded nothing to the queue");
        assertEquals(1, messages.size(), messages.toString());
        Map<String, Object> event = Json.parseObject((String) ((Map<?, ?>) messages.get(0)).get("Body"));
        assertEquals("callhook", event.get("source"));
        assertEquals("MissedCall", event.get("detail-type"));
        assertEquals(Map.of("callId", "c-1", "line", "x"), event.get("detail"));
        assertEquals(region, event.get("region"));
    }
}
