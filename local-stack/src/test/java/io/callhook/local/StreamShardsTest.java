// A stream poller against a scripted DynamoDB Streams client (no DynamoDB): shard discovery, parents before children.
package io.callhook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.template.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class StreamShardsTest {

    private static final String FUNCTION_NAME = "ShardOrderFunction";

    /**
     * Two shards, the child listed first and the parent on a second DescribeStream page: the parent (closed after
     * two reads) holds records 1 and 2, the child record 3.
     */
    private static final class ScriptedStreams implements DynamoDbStreamsClient {
        private final Map<String, Deque<GetRecordsResponse>> reads = Map.of(
                "parent-it", new ArrayDeque<>(List.of(
                        GetRecordsResponse.builder().records(record("1")).nextShardIterator("parent-it").build(),
                        GetRecordsResponse.builder().records(record("2")).nextShardIterator(null).build())),
                "child-it", new ArrayDeque<>(List.of(
                        GetRecordsResponse.builder().records(record("3")).nextShardIterator("child-it").build())));

        @Override
        public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
            boolean firstPage = request.exclusiveStartShardId() == null;
            Shard shard = firstPage
                    ? Shard.builder().shardId("shard-child").parentShardId("shard-parent").build()
                    : Shard.builder().shardId("shard-parent").build();
            return DescribeStreamResponse.builder().streamDescription(d -> d.shards(shard)
                    .lastEvaluatedShardId(firstPage ? "shard-child" : null)).build();
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            assertEquals(ShardIteratorType.TRIM_HORIZON, request.shardIteratorType());
            return GetShardIteratorResponse.builder()
                    .shardIterator(request.shardId().equals("shard-parent") ? "parent-it" : "child-it").build();
        }

        @Override
        public synchronized GetRecordsResponse getRecords(GetRecordsRequest request) {
            GetRecordsResponse next = reads.get(request.shardIterator()).poll();
            return next != null ? next : GetRecordsResponse.builder().records(List.of())
                    .nextShardIterator(request.shardIterator()).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }

        private static Record record(String sequenceNumber) {
            Map<String, AttributeValue> image = Map.of("id", AttributeValue.fromS("r" + sequenceNumber),
                    "kind", AttributeValue.fromS("keep"));
            return Record.builder().eventID("e" + sequenceNumber).eventName("INSERT").dynamodb(StreamRecord.builder()
                    .keys(Map.of("id", image.get("id"))).newImage(image).sequenceNumber(sequenceNumber)
                    .sizeBytes(20L).streamViewType("NEW_AND_OLD_IMAGES").approximateCreationDateTime(Instant.now())
                    .build()).build();
        }
    }

    @Test
    void parentShardsAreReadToTheirEndBeforeTheirChildren() {
        SamTemplate template = SamTemplate.load(StreamPollerTest.testTemplate());
        SamTemplate.Function function = template.function("FilteredFunction");
        LocalFunction local = LocalFunction.create(template, function,
                Map.of("AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME, "ITEMS_TABLE", "ItemsTable"));
        StreamSettings settings = StreamSettings.of(template, function.streams().get(0));
        PrintStream log = new PrintStream(new ByteArrayOutputStream());
        try (StreamPoller poller = new StreamPoller(local, settings, "arn:local:stream", new ScriptedStreams(), log)) {
            poller.start();
            List<StreamDeliveries.Invocation> invocations = StreamDeliveries.awaitUntil(FUNCTION_NAME,
                    list -> StreamDeliveries.succeededIds(list).size() == 3);
            assertEquals(List.of("r1", "r2", "r3"), StreamDeliveries.succeededIds(invocations));
            assertEquals("arn:local:stream", invocations.get(0).records().get(0).getEventSourceARN());
        }
    }
}
