package io.callhook.engine.conformance;

import static io.callhook.engine.conformance.Fixtures.attribute;
import static io.callhook.engine.conformance.Fixtures.hash;
import static io.callhook.engine.conformance.Fixtures.item;
import static io.callhook.engine.conformance.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** DynamoDB Streams (Developer Guide, "Change data capture for DynamoDB Streams"; Streams API Reference). */
class StreamsConformanceTest {

    /** Reads of an open shard stop after this many consecutive empty pages. */
    private static final int EMPTY_PAGES = 3;

    private final DynamoDbClient dynamo = target().dynamo();
    private final DynamoDbStreamsClient streams = target().streams();

    /** Where this class's tests run; {@link LocalStackConformanceTest} runs them against LocalStack too. */
    Target target() {
        return Target.get();
    }

    /** Creates a table (pk S) with a stream of the given view type; returns the stream ARN. */
    private String streamedTable(String table, StreamViewType viewType) {
        Fixtures.createTable(dynamo, table, b -> b.keySchema(hash("pk"))
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType)));
        return dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }

    private List<Shard> shards(String streamArn) {
        return streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards();
    }

    private String iterator(String streamArn, String shardId, ShardIteratorType type, String sequenceNumber) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequenceNumber)).shardIterator();
    }

    /** Every record readable from an iterator, until the shard ends or a few pages in a row come back empty. */
    private List<Record> read(String iterator) {
        List<Record> records = new ArrayList<>();
        int empty = 0;
        String next = iterator;
        while (next != null && empty < EMPTY_PAGES) {
            String current = next;
            GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current));
            records.addAll(page.records());
            empty = page.records().isEmpty() ? empty + 1 : 0;
            next = page.nextShardIterator();
        }
        return records;
    }

    /** Every record of the stream from the trim horizon, shard by shard. */
    private List<Record> readAll(String streamArn) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : shards(streamArn)) {
            records.addAll(read(iterator(streamArn, shard.shardId(), ShardIteratorType.TRIM_HORIZON, null)));
        }
        return records;
    }

    private static List<OperationType> events(List<Record> records) {
        return records.stream().map(Record::eventName).toList();
    }

    @Test
    @DisplayName("Streams API Reference, ListStreams and DescribeStream: the table's stream, view type, shard")
    void listAndDescribe() {
        String table = Target.uniqueTableName("streams-describe");
        String arn = streamedTable(table, StreamViewType.KEYS_ONLY);

        var listed = streams.listStreams(b -> b.tableName(table)).streams();
        StreamDescription description = streams.describeStream(b -> b.streamArn(arn)).streamDescription();

        assertEquals(1, listed.size());
        assertEquals(arn, listed.get(0).streamArn());
        assertEquals(table, listed.get(0).tableName());
        assertEquals(arn, description.streamArn());
        assertEquals(table, description.tableName());
        assertEquals(StreamViewType.KEYS_ONLY, description.streamViewType());
        assertTrue(description.streamStatus() == StreamStatus.ENABLED
                || description.streamStatus() == StreamStatus.ENABLING);
        assertEquals(List.of(hash("pk")), description.keySchema());
        assertFalse(description.shards().isEmpty());
        Shard shard = description.shards().get(0);
        assertNotNull(shard.shardId());
        assertNotNull(shard.sequenceNumberRange().startingSequenceNumber());
    }

    @Test
    @DisplayName("Developer Guide, DynamoDB Streams: INSERT, MODIFY and REMOVE records with keys, old and new "
            + "images, strictly increasing sequence numbers")
    void insertModifyRemove() {
        String table = Target.uniqueTableName("streams-events");
        String arn = streamedTable(table, StreamViewType.NEW_AND_OLD_IMAGES);

        dynamo.putItem(b -> b.tableName(table).item(item("pk", "a", "v", 1)));
        dynamo.updateItem(b -> b.tableName(table).key(item("pk", "a")).updateExpression("SET v = :v")
                .expressionAttributeValues(values(":v", 2)));
        dynamo.deleteItem(b -> b.tableName(table).key(item("pk", "a")));

        List<Record> records = readAll(arn);
        assertEquals(List.of(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE), events(records));
        for (Record record : records) {
            assertEquals("aws:dynamodb", record.eventSource());
            assertEquals(item("pk", "a"), record.dynamodb().keys());
            assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, record.dynamodb().streamViewType());
            assertTrue(record.dynamodb().sizeBytes() > 0);
            assertNotNull(record.eventID());
        }
        assertFalse(records.get(0).dynamodb().hasOldImage());
        assertEquals(item("pk", "a", "v", 1), records.get(0).dynamodb().newImage());
        assertEquals(item("pk", "a", "v", 1), records.get(1).dynamodb().oldImage());
        assertEquals(item("pk", "a", "v", 2), records.get(1).dynamodb().newImage());
        assertEquals(item("pk", "a", "v", 2), records.get(2).dynamodb().oldImage());
        assertFalse(records.get(2).dynamodb().hasNewImage());
        assertStrictlyIncreasing(records);
    }

    private static void assertStrictlyIncreasing(List<Record> records) {
        for (int i = 1; i < records.size(); i++) {
            BigInteger previous = new BigInteger(records.get(i - 1).dynamodb().sequenceNumber());
            BigInteger current = new BigInteger(records.get(i).dynamodb().sequenceNumber());
            assertTrue(current.compareTo(previous) > 0, previous + " then " + current);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = StreamViewType.class, names = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"})
    @DisplayName("Developer Guide, DynamoDB Streams (StreamViewType): which images each view type carries")
    void imagesPerViewType(StreamViewType viewType) {
        String table = Target.uniqueTableName("streams-view");
        String arn = streamedTable(table, viewType);

        dynamo.putItem(b -> b.tableName(table).item(item("pk", "a", "v", 1)));
        dynamo.putItem(b -> b.tableName(table).item(item("pk", "a", "v", 2)));
        dynamo.deleteItem(b -> b.tableName(table).key(item("pk", "a")));

        List<Record> records = readAll(arn);
        assertEquals(List.of(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE), events(records));
        boolean newImages = viewType == StreamViewType.NEW_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
        boolean oldImages = viewType == StreamViewType.OLD_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
        // INSERT: new image only; MODIFY: both; REMOVE: old image only
        assertEquals(newImages, records.get(0).dynamodb().hasNewImage());
        assertFalse(records.get(0).dynamodb().hasOldImage());
        assertEquals(newImages, records.get(1).dynamodb().hasNewImage());
        assertEquals(oldImages, records.get(1).dynamodb().hasOldImage());
        assertFalse(records.get(2).dynamodb().hasNewImage());
        assertEquals(oldImages, records.get(2).dynamodb().hasOldImage());
        if (newImages) {
            assertEquals(item("pk", "a", "v", 2), records.get(1).dynamodb().newImage());
        }
        if (oldImages) {
            assertEquals(item("pk", "a", "v", 1), records.get(1).dynamodb().oldImage());
        }
        records.forEach(r -> assertEquals(item("pk", "a"), r.dynamodb().keys()));
    }

    @Test
    @DisplayName("Streams API Reference, GetShardIterator: TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, "
            + "AFTER_SEQUENCE_NUMBER")
    void shardIteratorTypes() {
        String table = Target.uniqueTableName("streams-iterators");
        String arn = streamedTable(table, StreamViewType.KEYS_ONLY);
        for (String pk : List.of("1", "2", "3")) {
            dynamo.putItem(b -> b.tableName(table).item(item("pk", pk)));
        }
        List<Shard> shards = shards(arn);
        assertEquals(1, shards.size(), "a new, small table has one shard");
        String shardId = shards.get(0).shardId();

        List<Record> all = read(iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null));
        assertEquals(3, all.size());
        String second = all.get(1).dynamodb().sequenceNumber();
        String latest = iterator(arn, shardId, ShardIteratorType.LATEST, null);
        dynamo.putItem(b -> b.tableName(table).item(item("pk", "4")));

        assertEquals(List.of(item("pk", "2"), item("pk", "3"), item("pk", "4")),
                keys(read(iterator(arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, second))));
        assertEquals(List.of(item("pk", "3"), item("pk", "4")),
                keys(read(iterator(arn, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second))));
        assertEquals(List.of(item("pk", "4")), keys(read(latest)));
    }

    private static List<Map<String, AttributeValue>> keys(List<Record> records) {
        return records.stream().map(r -> r.dynamodb().keys()).toList();
    }

    @Test
    @DisplayName("Developer Guide, DynamoDB Streams: a write that changes nothing writes no stream record")
    void noRecordWithoutChange() {
        String table = Target.uniqueTableName("streams-nochange");
        String arn = streamedTable(table, StreamViewType.NEW_AND_OLD_IMAGES);

        dynamo.putItem(b -> b.tableName(table).item(item("pk", "a", "v", 1, "w", "x")));
        dynamo.putItem(b -> b.tableName(table).item(item("pk", "a", "w", "x", "v", 1)));
        dynamo.updateItem(b -> b.tableName(table).key(item("pk", "a")).updateExpression("SET v = :v")
                .expressionAttributeValues(values(":v", 1)));
        dynamo.updateItem(b -> b.tableName(table).key(item("pk", "a")).updateExpression("REMOVE absent"));
        dynamo.deleteItem(b -> b.tableName(table).key(item("pk", "missing")));
        dynamo.updateItem(b -> b.tableName(table).key(item("pk", "a")).updateExpression("SET v = :v")
                .expressionAttributeValues(values(":v", 2)));

        List<Record> records = readAll(arn);
        assertEquals(List.of(OperationType.INSERT, OperationType.MODIFY), events(records));
        assertEquals(item("pk", "a", "v", 1, "w", "x"), records.get(1).dynamodb().oldImage());
    }

    @Test
    @DisplayName("Developer Guide, DynamoDB Streams: a refused conditional write or cancelled transaction writes no "
            + "stream record")
    void noRecordForFailedCondition() {
        String table = Target.uniqueTableName("streams-condition");
        String arn = streamedTable(table, StreamViewType.NEW_AND_OLD_IMAGES);
        dynamo.putItem(b -> b.tableName(table).item(item("pk", "a", "v", 1)));

        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(b -> b.tableName(table)
                .item(item("pk", "a", "v", 2)).conditionExpression("attribute_not_exists(pk)")));
        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.deleteItem(b -> b.tableName(table)
                .key(item("pk", "a")).conditionExpression("v = :v").expressionAttributeValues(values(":v", 9))));
        assertThrows(TransactionCanceledException.class, () -> dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", "b"))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(item("pk", "a"))
                        .conditionExpression("attribute_not_exists(pk)")).build())));

        List<Record> records = readAll(arn);
        assertEquals(List.of(OperationType.INSERT), events(records));
        assertEquals(item("pk", "a", "v", 1), records.get(0).dynamodb().newImage());
    }

    @Test
    @DisplayName("Developer Guide, DynamoDB Streams: a user's delete carries no userIdentity (only TTL deletes do)")
    void userDeleteHasNoUserIdentity() {
        String table = Target.uniqueTableName("streams-user-delete");
        String arn = streamedTable(table, StreamViewType.OLD_IMAGE);
        dynamo.putItem(b -> b.tableName(table).item(item("pk", "a")));
        dynamo.deleteItem(b -> b.tableName(table).key(item("pk", "a")));

        List<Record> records = readAll(arn);

        assertEquals(List.of(OperationType.INSERT, OperationType.REMOVE), events(records));
        assertEquals(null, records.get(1).userIdentity());
    }
    @Test
    @DisplayName("Developer Guide, DynamoDB Streams: UpdateItem creating an item is an INSERT; transactions and "
            + "batches write one record per changed item")
    void recordsFromUpdatesTransactionsAndBatches() {
        String table = Target.uniqueTableName("streams-sources");
        String arn = streamedTable(table, StreamViewType.NEW_IMAGE);

        dynamo.updateItem(b -> b.tableName(table).key(item("pk", "u")).updateExpression("SET v = :v")
                .expressionAttributeValues(values(":v", 1)));
        dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(item("pk", "t1"))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(item("pk", "u"))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(item("pk", "absent"))
                        .conditionExpression("attribute_not_exists(pk)")).build()));
        dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                WriteRequest.builder().putRequest(p -> p.item(item("pk", "b1"))).build(),
                WriteRequest.builder().deleteRequest(d -> d.key(item("pk", "t1"))).build()))));

        List<Record> records = readAll(arn);
        assertEquals(List.of(OperationType.INSERT), events(records.subList(0, 1)));
        assertEquals(item("pk", "u", "v", 1), records.get(0).dynamodb().newImage());
        Map<Map<String, AttributeValue>, OperationType> rest = new HashMap<>();
        records.subList(1, records.size()).forEach(r -> rest.put(r.dynamodb().keys(), r.eventName()));
        assertEquals(5, records.size(), events(records).toString());
        assertEquals(Map.of(item("pk", "u"), OperationType.REMOVE, item("pk", "t1"), OperationType.REMOVE,
                item("pk", "b1"), OperationType.INSERT), rest);
    }

    @Test
    @DisplayName("Streams API Reference, GetRecords Limit: at most Limit records per call, the rest on the next "
            + "iterator")
    void getRecordsLimit() {
        String table = Target.uniqueTableName("streams-limit");
        String arn = streamedTable(table, StreamViewType.KEYS_ONLY);
        for (int i = 0; i < 5; i++) {
            String pk = "k" + i;
            dynamo.putItem(b -> b.tableName(table).item(item("pk", pk)));
        }
        String shardId = shards(arn).get(0).shardId();

        GetRecordsResponse first = streams.getRecords(b -> b.limit(2)
                .shardIterator(iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null)));
        List<Record> rest = read(first.nextShardIterator());

        assertEquals(2, first.records().size());
        assertEquals(List.of(item("pk", "k0"), item("pk", "k1")), keys(first.records()));
        assertEquals(List.of(item("pk", "k2"), item("pk", "k3"), item("pk", "k4")), keys(rest));
    }

    @Test
    @DisplayName("Streams API Reference, DescribeStream/GetShardIterator Errors: ResourceNotFoundException for an "
            + "unknown stream")
    void unknownStream() {
        String table = Target.uniqueTableName("streams-unknown");
        String arn = streamedTable(table, StreamViewType.KEYS_ONLY);
        String unknown = arn.replace(table, table + "-nope");

        assertThrows(ResourceNotFoundException.class, () -> streams.describeStream(b -> b.streamArn(unknown)));
        assertThrows(ResourceNotFoundException.class, () -> streams.getShardIterator(b -> b.streamArn(unknown)
                .shardId(shards(arn).get(0).shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)));
    }
}
