// What callhook's AWS clients put on the wire besides the body: a SigV4 Authorization for the right key, date,
// region and service over host, x-amz-date and x-amz-target; the session token when there is one; EventBridge's
// target and JSON 1.1 content type.
package io.callhook.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.events.EventBridgePublisher;
import io.callhook.testing.CapturingTransport;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class RequestSigningTest {

    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 "
            + "Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([a-z0-9;-]+), "
            + "Signature=([0-9a-f]{64})");

    /** The parts of a SigV4 Authorization header. */
    private record Signature(String key, String date, String region, String service, List<String> signedHeaders) {

        static Signature of(CapturingTransport.Request request) {
            String header = request.header("Authorization");
            assertNotNull(header, "no Authorization header");
            Matcher matcher = AUTHORIZATION.matcher(header);
            assertTrue(matcher.matches(), header);
            for (String signed : matcher.group(5).split(";")) {
                assertNotNull(request.header(signed), "signed but not handed to the transport: " + signed);
            }
            return new Signature(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4),
                    Arrays.asList(matcher.group(5).split(";")));
        }
    }

    private static CapturingTransport.Request getItemSignedWith(AwsCredentialsIdentity identity) {
        CapturingTransport http = CapturingTransport.answering("{}");
        DynamoDbJsonClient client = new DynamoDbJsonClient(DynamoDbJsonClient.protocol()
                .endpoint(URI.create("https://dynamodb.eu-central-1.amazonaws.com"))
                .region("eu-central-1")
                .credentials(() -> identity)
                .transport(http)
                .build());
        client.getItem(r -> r.tableName("Calls").key(Map.of("pk", AttributeValue.fromS("call#1"))));
        return http.only();
    }

    @Test
    void dynamoDbRequestsAreSignedForTheKeyDateRegionAndService() {
        CapturingTransport.Request request = getItemSignedWith(AwsCredentialsIdentity.create("AKIDEXAMPLE",
                "secret"));
        Signature signature = Signature.of(request);

        assertEquals("AKIDEXAMPLE", signature.key());
        assertEquals(request.header("X-Amz-Date").substring(0, 8), signature.date());
        assertTrue(request.header("X-Amz-Date").matches("\\d{8}T\\d{6}Z"), request.header("X-Amz-Date"));
        assertEquals("eu-central-1", signature.region());
        assertEquals("dynamodb", signature.service());
        assertTrue(signature.signedHeaders().containsAll(List.of("host", "x-amz-date", "x-amz-target")),
                signature.signedHeaders().toString());
        assertEquals("dynamodb.eu-central-1.amazonaws.com", request.header("Host"));
        assertEquals("DynamoDB_20120810.GetItem", request.header("X-Amz-Target"));
        assertNull(request.header("X-Amz-Security-Token"), "no session, no token");
        assertFalse(signature.signedHeaders().contains("x-amz-security-token"));
    }

    @Test
    void sessionCredentialsSendAndSignTheSessionToken() {
        CapturingTransport.Request request = getItemSignedWith(AwsSessionCredentialsIdentity.create("ASIAEXAMPLE",
                "secret", "the-session-token"));
        Signature signature = Signature.of(request);

        assertEquals("ASIAEXAMPLE", signature.key());
        assertEquals("the-session-token", request.header("X-Amz-Security-Token"));
        assertTrue(signature.signedHeaders().contains("x-amz-security-token"), signature.signedHeaders().toString());
    }

    @Test
    void withoutCredentialsNothingIsSentAndNothingRetried() {
        CapturingTransport http = CapturingTransport.answering("{}");
        DynamoDbJsonClient client = new DynamoDbJsonClient(DynamoDbJsonClient.protocol()
                .endpoint(URI.create("https://dynamodb.eu-central-1.amazonaws.com"))
                .region("eu-central-1")
                .credentials(new LambdaCredentials(name -> null, Clock.systemUTC()))
                .transport(http)
                .build());

        AwsException failure = assertThrows(AwsException.class, () -> client.getItem(r -> r.tableName("Calls")
                .key(Map.of("pk", AttributeValue.fromS("call#1")))));

        assertFalse(failure.retryable());
        assertEquals(List.of(), http.requests());
    }

    @Test
    void eventBridgePutEventsIsSignedForEventsWithJson11() {
        CapturingTransport http = CapturingTransport.answering("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":"
                + "\"e-1\"}]}");
        Environment env = Environment.of(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "ASIAEVENTS",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "events-session"));
        EventBridgePublisher publisher = new EventBridgePublisher(EventBridgePublisher.client(env, http), "calls");

        publisher.publish("CallMissed", Map.of("callId", "pbx:1"));

        CapturingTransport.Request request = http.only();
        Signature signature = Signature.of(request);
        assertEquals(URI.create("https://events.eu-west-1.amazonaws.com"), request.uri());
        assertEquals("ASIAEVENTS", signature.key());
        assertEquals("eu-west-1", signature.region());
        assertEquals("events", signature.service());
        assertTrue(signature.signedHeaders().containsAll(List.of("host", "x-amz-date", "x-amz-target",
                "x-amz-security-token")), signature.signedHeaders().toString());
        assertEquals("AWSEvents.PutEvents", request.header("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.1", request.header("Content-Type"));
        assertEquals("events-session", request.header("X-Amz-Security-Token"));
        assertTrue(request.bodyText().contains("\"EventBusName\":\"calls\""), request.bodyText());
    }
}
