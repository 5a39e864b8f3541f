// The engine's unit accounting, over HTTP through the real SDK: DynamoDB's billing rules per table and per index
// (1 write unit per started KB, an index only when its projection changed, a key move as delete and put, a failed
// condition charged, transactions twice; 1 read unit per started 4 KB consistent, half eventually consistent).
package io.callhook.engine.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.callhook.engine.CapacityUnits;
import io.callhook.engine.Engine;
import io.callhook.engine.conformance.Clients;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

class CapacityUnitsTest {

    private Engine engine;
    private DynamoDbClient dynamo;

    @BeforeEach
    void start() {
        engine = Engine.builder().ttlSweepInterval(Duration.ZERO).start();
        dynamo = Clients.dynamo(engine.endpoint());
        dynamo.createTable(b -> b.tableName("calls").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"),
                        a -> a.attributeName("line").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .globalSecondaryIndexes(g -> g.indexName("byLine").keySchema(k -> k.attributeName("line")
                        .keyType("HASH")).projection(p -> p.projectionType("KEYS_ONLY"))));
        engine.units().start();
    }

    @AfterEach
    void stop() {
        dynamo.close();
        engine.close();
    }

    private double table() {
        return engine.units().usage().stream().filter(u -> u.index() == null)
                .mapToDouble(CapacityUnits.Usage::writeUnits).sum();
    }

    private double index() {
        return engine.units().usage().stream().filter(u -> "byLine".equals(u.index()))
                .mapToDouble(CapacityUnits.Usage::writeUnits).sum();
    }

    @Test
    void writesCostPerStartedKilobyteAndAnIndexOnlyWhenItsProjectionChanges() {
        String big = "x".repeat(1500);
        dynamo.putItem(b -> b.tableName("calls").item(Map.of("pk", s("a"), "line", s("l1"), "note", s(big))));
        assertEquals(2, table(), "1.5 KB: two units");
        assertEquals(1, index(), "the keys-only projection is small: one unit");
        dynamo.putItem(b -> b.tableName("calls").item(Map.of("pk", s("a"), "line", s("l1"), "note", s("short"))));
        assertEquals(4, table(), "the larger of before and after counts");
        assertEquals(1, index(), "the projection did not change: no index write");
        dynamo.putItem(b -> b.tableName("calls").item(Map.of("pk", s("a"), "line", s("l2"))));
        assertEquals(3, index(), "the index key moved: a delete and a put");
        dynamo.putItem(b -> b.tableName("calls").item(Map.of("pk", s("a"))));
        assertEquals(4, index(), "the item left the sparse index: a delete");
        assertEquals(6, table());
    }

    @Test
    void aFailedConditionCostsAndATransactionCostsTwice() {
        dynamo.putItem(b -> b.tableName("calls").item(Map.of("pk", s("a"))));
        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(b -> b.tableName("calls")
                .item(Map.of("pk", s("a"))).conditionExpression("attribute_not_exists(pk)")));
        assertEquals(2, table());
        dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName("calls").item(Map.of("pk", s("b")))).build(),
                TransactWriteItem.builder().put(p -> p.tableName("calls").item(Map.of("pk", s("c")))).build()));
        assertEquals(6, table(), "two one-unit items in a transaction: four units");
    }

    @Test
    void readsCostPerStartedFourKilobytesHalfWhenEventuallyConsistent() {
        String big = "x".repeat(5000);
        dynamo.putItem(b -> b.tableName("calls").item(Map.of("pk", s("a"), "note", s(big))));
        engine.units().reset();
        dynamo.getItem(b -> b.tableName("calls").key(Map.of("pk", s("a"))).consistentRead(true));
        assertEquals(2, engine.units().readUnits());
        dynamo.getItem(b -> b.tableName("calls").key(Map.of("pk", s("a"))));
        assertEquals(3, engine.units().readUnits());
        dynamo.getItem(b -> b.tableName("calls").key(Map.of("pk", s("none"))).consistentRead(true));
        assertEquals(4, engine.units().readUnits(), "a read that finds nothing costs one unit");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
