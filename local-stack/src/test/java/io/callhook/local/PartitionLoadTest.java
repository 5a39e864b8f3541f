// Scaled-down partition load on an in-process local stack over real HTTP: the engine enforces DynamoDB's
// per-partition write ceiling divided by 200 on a clock the test moves. With the index shards spread (IndexShards 8)
// one organization's burst is served without a single throttle; with IndexShards 1 the organization's index
// partition throttles, the webhook answers 503 and writes nothing, and the PBX's retry in the next second succeeds.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.Engine;
import io.callhook.engine.ManualClock;
import io.callhook.engine.PartitionThroughput;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PartitionLoadTest {

    /** DynamoDB's 1,000 write units a second per partition, divided by this: 5 writes a second. */
    static final int SCALE = 200;
    /** One organization's calls in one second: 4,000 a second at full scale (four times the 1,000). */
    static final int CALLS_PER_SECOND = 20;
    static final String TOKEN = "load-test-token-0123456789abcdef";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void spreadIndexShardsServeABurstWithoutThrottling() throws Exception {
        try (LocalStack stack = start(8)) {
            limitedEngine(stack);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < CALLS_PER_SECOND; i++) {
                statuses.add(newCall(stack, "spread-" + i).statusCode());
            }
            assertEquals(List.of(200), statuses.stream().distinct().toList(), "every call accepted in one second");
            assertEquals(0, throttled(stack.engine()));
            assertTrue(hottest(stack.engine()) <= 1000.0 / SCALE, "no partition past the limit");
            assertEquals(CALLS_PER_SECOND, stored(stack, "spread-", CALLS_PER_SECOND));
        }
    }

    @Test
    void oneIndexShardThrottlesTheBurstAnd503sAreRetriedWithoutLoss() throws Exception {
        try (LocalStack stack = start(1)) {
            ManualClock clock = limitedEngine(stack);
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < CALLS_PER_SECOND; i++) {
                HttpResponse<String> response = newCall(stack, "single-" + i);
                assertTrue(response.statusCode() == 200 || response.statusCode() == 503, response.body());
                if (response.statusCode() == 503) {
                    refused.add("single-" + i);
                }
            }
            assertEquals(CALLS_PER_SECOND - 1000 / SCALE, refused.size(),
                    "the organization's one index partition takes " + 1000 / SCALE + " writes a second");
            assertTrue(throttled(stack.engine()) > 0);
            assertEquals(1000 / SCALE, stored(stack, "single-", CALLS_PER_SECOND), "a refused call writes nothing");

            int rounds = 0;
            while (!refused.isEmpty() && rounds < CALLS_PER_SECOND) {
                clock.advance(Duration.ofSeconds(1));
                List<String> again = new ArrayList<>();
                for (String callId : refused) {
                    if (newCall(stack, callId).statusCode() != 200) {
                        again.add(callId);
                    }
                }
                refused = again;
                rounds++;
            }
            assertEquals(List.of(), refused, "every refused call was accepted when the PBX retried");
            assertEquals(CALLS_PER_SECOND, stored(stack, "single-", CALLS_PER_SECOND), "nothing lost");
        }
    }

    private static LocalStack start(int shards) {
        TestLog log = new TestLog();
        return LocalStack.start(Options.onFreePorts(SamTemplate.find(), List.of(TOKEN))
                .withParameters(Map.of("IndexShards", Integer.toString(shards))), log.stream());
    }

    /** Freezes the engine's clock and turns on the scaled-down per-partition write limit. */
    private static ManualClock limitedEngine(LocalStack stack) {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-30T09:00:00.250Z"));
        stack.engine().useClock(clock);
        stack.engine().throughput().limitScaledDown(SCALE);
        stack.engine().throughput().reset();
        return clock;
    }

    private static long throttled(Engine engine) {
        return engine.throughput().peaks(Integer.MAX_VALUE).stream().mapToLong(PartitionThroughput.Peak::throttled)
                .sum();
    }

    private static double hottest(Engine engine) {
        return engine.throughput().peaks(1).get(0).writeUnits();
    }

    private static HttpResponse<String> newCall(LocalStack stack, String callId) throws Exception {
        String body = "{\"event\":\"newCall\",\"from\":\"493055571600\",\"to\":\"492214710334\",\"direction\":\"in\","
                + "\"callId\":\"" + callId + "\",\"user\":\"Emma Taylor\"}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/api/v1/cti/" + TOKEN))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int stored(LocalStack stack, String prefix, int count) {
        int found = 0;
        try (DynamoDbClient dynamo = LocalStack.dynamoDbClient(stack.dynamoDbEndpoint())) {
            for (int i = 0; i < count; i++) {
                String pk = "local:" + prefix + i;
                if (dynamo.getItem(b -> b.tableName("CallsTable").key(Map.of("pk", AttributeValue.fromS(pk)))
                        .consistentRead(true)).hasItem()) {
                    found++;
                }
            }
        }
        return found;
    }
}
