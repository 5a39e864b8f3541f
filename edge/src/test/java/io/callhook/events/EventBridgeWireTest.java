// EventBridgePublisher against the AWS SDK's EventBridge client: for the same event both send the same PutEvents
// body (compared as JSON trees), X-Amz-Target and Content-Type.
package io.callhook.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callhook.config.Environment;
import io.callhook.json.Json;
import io.callhook.testing.CapturingSdkHttpClient;
import io.callhook.testing.CapturingTransport;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

class EventBridgeWireTest {

    @Test
    void putEventsMatchesTheSdksRequest() throws IOException {
        Map<String, Object> detail = Map.of("callId", "pbx:1", "waitingSeconds", 12, "users", List.of("Emma Taylor"),
                "note", "\u00e4 \"quoted\"");
        CapturingTransport ourHttp = CapturingTransport.answering("{\"FailedEntryCount\":0,\"Entries\":[{}]}");
        Environment env = Environment.of(Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:4010",
                "AWS_REGION", "eu-central-1"));
        new EventBridgePublisher(EventBridgePublisher.client(env, ourHttp), "calls").publish("CallMissed", detail);

        CapturingSdkHttpClient sdkHttp = new CapturingSdkHttpClient();
        try (EventBridgeClient sdk = EventBridgeClient.builder().httpClient(sdkHttp).region(Region.EU_CENTRAL_1)
                .endpointOverride(URI.create("http://127.0.0.1:4010"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            sdk.putEvents(r -> r.entries(e -> e.source(EventBridgePublisher.SOURCE).detailType("CallMissed")
                    .detail(Json.write(detail)).eventBusName("calls")));
        }

        CapturingSdkHttpClient.Captured theirs = sdkHttp.only();
        CapturingTransport.Request mine = ourHttp.only();
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(mapper.readTree(theirs.body()), mapper.readTree(mine.body()), mine.bodyText());
        assertEquals("AWSEvents.PutEvents", theirs.header("X-Amz-Target"));
        assertEquals(theirs.header("X-Amz-Target"), mine.header("X-Amz-Target"));
        assertEquals(theirs.header("Content-Type"), mine.header("Content-Type"));
    }
}
