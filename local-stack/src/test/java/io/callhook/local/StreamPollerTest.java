// Stream pollers end to end: an in-process local stack on src/test/resources/test-template.yaml (the DynamoDB engine).
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class StreamPollerTest {

    private static final TestLog LOG = new TestLog();
    private static LocalStack stack;
    private static DynamoDbClient dynamo;

    static Path testTemplate() {
        try {
            return Path.of(StreamPollerTest.class.getResource("/test-template.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void start() {
        stack = LocalStack.start(Options.onFreePorts(testTemplate(), List.of("unused")), LOG.stream());
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

    private static Map<String, AttributeValue> item(String id, String kind, Object... more) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(id));
        item.put("kind", AttributeValue.fromS(kind));
        for (int i = 0; i < more.length; i += 2) {
            item.put((String) more[i], (AttributeValue) more[i + 1]);
        }
        return item;
    }

    private static void put(Map<String, AttributeValue> item) {
        dynamo.putItem(b -> b.tableName("ItemsTable").item(item));
    }

    /** Several items in one request, so they are likely (not certain) to share a batch. */
    private static void putAll(List<Map<String, AttributeValue>> items) {
        List<WriteRequest> writes = items.stream()
                .map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build()).toList();
        dynamo.batchWriteItem(b -> b.requestItems(Map.of("ItemsTable", writes)));
    }

    private static StreamPoller poller(String functionId) {
        return stack.pollers().stream().filter(p -> p.functionId().equals(functionId)).findFirst().orElseThrow();
    }

    @Test
    void recordsArriveAsLambdaBuildsThemAndFiltersDropTheRest() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        put(item(run + "-keep-1", "keep"));
        put(item(run + "-drop-1", "drop"));
        put(item(run + "-also-1", "also-this"));
        put(item(run + "-keep-2", "keep"));
        put(item(run + "-keep-1", "keep", "changed", AttributeValue.fromBool(true))); // MODIFY: no filter takes it
        put(item(run + "-keep-3", "keep")); // the last record: once it arrives, every earlier one was decided

        List<StreamDeliveries.Invocation> invocations = StreamDeliveries.awaitUntil("FilteredFunction",
                list -> StreamDeliveries.succeededIds(list).contains(run + "-keep-3"));
        List<String> ids = StreamDeliveries.succeededIds(invocations).stream().filter(id -> id.startsWith(run))
                .toList();
        assertEquals(List.of(run + "-keep-1", run + "-also-1", run + "-keep-2", run + "-keep-3"), ids);

        var record = invocations.stream().flatMap(i -> i.records().stream())
                .filter(r -> r.getDynamodb().getKeys().get("id").getS().equals(run + "-keep-1"))
                .findFirst().orElseThrow();
        assertEquals("INSERT", record.getEventName());
        assertEquals("1.1", record.getEventVersion());
        assertEquals("aws:dynamodb", record.getEventSource());
        assertEquals("us-east-1", record.getAwsRegion());
        assertTrue(record.getEventSourceARN().contains("ItemsTable/stream/"), record.getEventSourceARN());
        assertFalse(record.getEventID().isBlank());
        assertEquals("keep", record.getDynamodb().getNewImage().get("kind").getS());
        assertEquals(Set.of("id"), record.getDynamodb().getKeys().keySet(), "the keys hold the key attribute only");
        assertEquals(null, record.getDynamodb().getOldImage());
        assertEquals("NEW_AND_OLD_IMAGES", record.getDynamodb().getStreamViewType());
        assertTrue(record.getDynamodb().getSizeBytes() > 0);
        assertTrue(record.getDynamodb().getApproximateCreationDateTime() != null);
        assertFalse(record.getDynamodb().getSequenceNumber().isBlank());
    }

    @Test
    void batchItemFailuresAreRedeliveredFromTheLowestFailedSequenceNumberAndRetriesAreBounded() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        AttributeValue once = AttributeValue.fromN("1");
        putAll(List.of(
                item(run + "-p1", "partial"),
                item(run + "-p2", "partial", "failTimes", once),
                item(run + "-p3", "partial"),
                item(run + "-p4", "partial", "failTimes", once),
                item(run + "-p5", "partial"),
                item(run + "-p6", "partial", "failTimes", AttributeValue.fromN("99"))));
        StreamPoller poller = poller("PartialFailureFunction");
        StreamDeliveries.poll(poller::failures, list -> !list.isEmpty(), "p6 to be skipped");
        put(item(run + "-p7", "partial"));
        List<StreamDeliveries.Invocation> invocations = StreamDeliveries.awaitUntil("PartialFailureFunction",
                list -> list.stream().anyMatch(i -> i.ids().contains(run + "-p7")));
        invocations = invocations.stream().filter(i -> i.ids().get(0).startsWith(run)).toList();

        // after a failure, the next batch is the failed one from its lowest failed record to its end;
        // the third failure of that record (1 call + MaximumRetryAttempts 2) skips it instead
        Map<String, Integer> failuresOf = new HashMap<>();
        for (int i = 0; i < invocations.size(); i++) {
            StreamDeliveries.Invocation invocation = invocations.get(i);
            if (invocation.reportedFailures().isEmpty()) {
                continue;
            }
            List<String> ids = invocation.ids();
            int lowest = invocation.reportedFailures().stream().mapToInt(ids::indexOf).min().orElseThrow();
            String lowestId = ids.get(lowest);
            int failures = failuresOf.merge(lowestId, 1, Integer::sum);
            List<String> later = new ArrayList<>();
            invocations.subList(i + 1, invocations.size()).forEach(next -> later.addAll(next.ids()));
            for (String checkpointed : ids.subList(0, lowest)) {
                assertFalse(later.contains(checkpointed), checkpointed + " was delivered again");
            }
            if (failures <= 2) {
                assertEquals(ids.subList(lowest, ids.size()), invocations.get(i + 1).ids(),
                        "redelivery after " + invocation);
            } else {
                assertFalse(later.contains(lowestId), lowestId + " was delivered after its retries ran out");
            }
        }
        assertEquals(3, failuresOf.get(run + "-p6"));
        assertEquals(List.of(run + "-p1", run + "-p2", run + "-p3", run + "-p4", run + "-p5"),
                invocations.stream().flatMap(i -> i.ids().stream()).distinct()
                        .filter(id -> !id.endsWith("-p6") && !id.endsWith("-p7")).toList());

        Map<String, Object> failure = poller.failures().get(0);
        Map<String, Object> batchInfo = LocalJson.object(failure.get("DDBStreamBatchInfo"));
        Map<String, Object> context = LocalJson.object(failure.get("requestContext"));
        assertEquals("RetryAttemptsExhausted", context.get("condition"));
        assertEquals(3, context.get("approximateInvokeCount"));
        String p6 = invocations.stream().filter(i -> i.ids().contains(run + "-p6")).findFirst().orElseThrow()
                .sequenceNumberOf(run + "-p6");
        assertEquals(p6, batchInfo.get("startSequenceNumber"));
        assertTrue(LOG.text().contains("sent to the on-failure destination"));
    }

    @Test
    void functionErrorsBisectTheBatchAndRetryTheFailingRecordABoundedNumberOfTimes() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        putAll(List.of(
                item(run + "-e1", "error"),
                item(run + "-e2", "error", "poison", AttributeValue.fromBool(true)),
                item(run + "-e3", "error"),
                item(run + "-e4", "error")));
        StreamPoller poller = poller("ErrorFunction");
        StreamDeliveries.poll(poller::failures, list -> !list.isEmpty(), "e2 to be skipped");
        put(item(run + "-e5", "error"));
        List<StreamDeliveries.Invocation> invocations = StreamDeliveries.awaitUntil("ErrorFunction",
                list -> StreamDeliveries.succeededIds(list).contains(run + "-e5"));
        invocations = invocations.stream().filter(i -> i.ids().get(0).startsWith(run)).toList();

        for (int i = 0; i < invocations.size(); i++) {
            StreamDeliveries.Invocation invocation = invocations.get(i);
            if (invocation.threw() && invocation.ids().size() > 1) {
                List<String> ids = invocation.ids();
                assertEquals(ids.subList(0, ids.size() / 2), invocations.get(i + 1).ids(), "bisection");
            }
        }
        long alone = invocations.stream().filter(i -> i.ids().equals(List.of(run + "-e2"))).count();
        assertEquals(3, alone, "one call and MaximumRetryAttempts 2 retries of the poison record alone");
        assertEquals(List.of(run + "-e1", run + "-e3", run + "-e4", run + "-e5"),
                StreamDeliveries.succeededIds(invocations));

        Map<String, Object> batchInfo = LocalJson.object(poller.failures().get(0).get("DDBStreamBatchInfo"));
        assertEquals(1, batchInfo.get("batchSize"));
        assertTrue(LOG.text().contains("on-failure destination (local:FailuresQueue.Arn)"), LOG.text());
    }
}
