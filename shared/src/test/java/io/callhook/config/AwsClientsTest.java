// AwsClients: one credentials provider per process for every client (DynamoDB and EventBridge fetch the role's
// credentials once), and the thread's deadline opened by each Lambda invocation.
package io.callhook.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.callhook.aws.AwsJsonClient;
import io.callhook.aws.Deadline;
import io.callhook.aws.Endpoints;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.events.EventBridgePublisher;
import io.callhook.log.Invocation;
import io.callhook.testing.CapturingTransport;
import io.callhook.testing.LambdaContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwsClientsTest {

    @Test
    void everyClientOfTheProcessSharesOneCredentialsFetch() throws IOException {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/credentials", exchange -> {
            fetches.incrementAndGet();
            byte[] body = ("{\"AccessKeyId\":\"ASIAROLE\",\"SecretAccessKey\":\"secret\",\"Token\":\"token\","
                    + "\"Expiration\":\"" + Instant.now().plus(Duration.ofHours(6)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        endpoint.start();
        try {
            Environment env = Environment.of(Map.of("AWS_REGION", "eu-central-1",
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:" + endpoint.getAddress().getPort()
                            + "/credentials", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "auth"));
            CapturingTransport dynamoHttp = CapturingTransport.answering("{}");
            CapturingTransport eventsHttp = CapturingTransport.answering("{\"FailedEntryCount\":0}");
            DynamoDbJsonClient dynamo = AwsClients.dynamoDb(env, dynamoHttp);
            AwsJsonClient events = EventBridgePublisher.client(env, eventsHttp);

            assertSame(AwsClients.credentials(env, Endpoints.Service.DYNAMODB, dynamoHttp),
                    AwsClients.credentials(env, Endpoints.Service.EVENTBRIDGE, eventsHttp));
            dynamo.getItem(r -> r.tableName("t").key(Map.of("pk", AttributeValue.fromS("a"))));
            new EventBridgePublisher(events, "default").publish("Test", Map.of());
            dynamo.getItem(r -> r.tableName("t").key(Map.of("pk", AttributeValue.fromS("b"))));

            assertEquals(1, fetches.get(), "one fetch for both clients");
            assertTrue(dynamoHttp.requests().get(0).header("Authorization").contains("ASIAROLE/"));
            assertTrue(eventsHttp.only().header("Authorization").contains("ASIAROLE/"));
            assertEquals("https://dynamodb.eu-central-1.amazonaws.com", dynamoHttp.requests().get(0).uri().toString());
            assertEquals("https://events.eu-central-1.amazonaws.com", eventsHttp.only().uri().toString());
        } finally {
            endpoint.stop(0);
        }
    }

    @Test
    void theSdksEndpointSettingsReachTheClients() {
        Environment env = Environment.of(Map.of("AWS_REGION", "us-gov-west-1", "AWS_USE_FIPS_ENDPOINT", "true",
                "AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret"));

        assertEquals("https://dynamodb.us-gov-west-1.amazonaws.com",
                AwsClients.endpoint(env, Endpoints.Service.DYNAMODB).toString());
        assertEquals("https://events.us-gov-west-1.amazonaws.com",
                AwsClients.endpoint(env, Endpoints.Service.EVENTBRIDGE).toString());
        assertEquals("https://dynamodb-fips.us-east-1.amazonaws.com", AwsClients.endpoint(Environment.of(
                Map.of("AWS_USE_FIPS_ENDPOINT", "true")), Endpoints.Service.DYNAMODB).toString());
    }

    @Test
    void anInvocationOpensTheDeadlineLambdaLeavesItMinusTheMargin() {
        Invocation.Invocations invocations = new Invocation.Invocations();

        try (Invocation invocation = invocations.begin(null)) {
            assertEquals(Optional.empty(), Deadline.remaining(), "no context, no deadline");
        }
        // a context with less than the margin left: no time for a storage call
        try (Invocation invocation = invocations.begin(new LambdaContext("r-1", "f", 512, 1))) {
            assertEquals(Optional.of(Duration.ZERO), Deadline.remaining());
        }
        try (Invocation invocation = invocations.begin(new LambdaContext("r-2", "f", 512, 900))) {
            Duration left = Deadline.remaining().orElseThrow();
            assertTrue(left.compareTo(Duration.ofSeconds(900).minus(Invocation.DEADLINE_MARGIN)) <= 0, left.toString());
        }
        assertEquals(Optional.empty(), Deadline.remaining(), "closed with the invocation");
    }
}
