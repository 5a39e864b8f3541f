package io.callhook.store;

import static io.callhook.store.CallItemLayout.ANSWERED_AT;
import static io.callhook.store.CallItemLayout.ENDED_AT;
import static io.callhook.store.CallItemLayout.INFERRED_ENDED_AT;
import static io.callhook.store.CallItemLayout.OVERDUE_BY_ORGANIZATION_INDEX;
import static io.callhook.store.CallItemLayout.OVERDUE_SHARD;
import static io.callhook.store.CallItemLayout.QUIET_SINCE;

import io.callhook.call.CallRecord;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.QueryRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls that are still open, read from the sparse {@value CallItemLayout#OVERDUE_BY_ORGANIZATION_INDEX} index of
 * the calls table (only calls carrying {@value CallItemLayout#OVERDUE_SHARD} are in it, so no scan): what the
 * stale-calls function closes by inference. Each organization's shard has one partition per state ({@value
 * CallItemLayout#RINGING}, {@value CallItemLayout#ANSWERED}) sorted by {@value CallItemLayout#QUIET_SINCE}, so one
 * query per partition lists the calls quiet since before a time, oldest first. The index projects only keys (an event
 * that does not open or close a call writes nothing to it); the records of the calls a query lists are then read by
 * key. A call enters the partition of the state it was first heard in and an answer does not move it (a key move costs
 * two index writes): {@link #moveToAnswered} moves a call answered after ringing once the sweep meets it in the ringing
 * partition. A ring or answer that arrives after the call's hangup marks an ended call open again; {@link
 * #clearIfEnded} takes such a call out of the index.
 */
public final class DynamoOpenCalls {

    private final DynamoDbJsonClient dynamo;
    private final String table;
    private final int shards;

    public DynamoOpenCalls(DynamoDbJsonClient dynamo, String table, int shards) {
        this.dynamo = dynamo;
        this.table = table;
        this.shards = shards;
    }

    public static DynamoOpenCalls fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return new DynamoOpenCalls(dynamo, env.require(DynamoCallStore.TABLE_VARIABLE), DynamoCallStore.shards(env));
    }

    /** The shard count: the partitions of each organization and state are shards {@code 0} to {@code shards - 1}. */
    public int shards() {
        return shards;
    }

    /**
     * The open calls of one organization, shard and state ({@value CallItemLayout#RINGING} or
     * {@value CallItemLayout#ANSWERED}) quiet since at or before {@code quietSince}, oldest first; at most {@code max}
     * of them. One {@code Query} request for their keys, then (when it lists any) one strongly consistent
     * {@code BatchGetItem} for their records (a record gone since is left out).
     */
    public List<CallRecord> quietSince(String organization, int shard, String state, Instant quietSince, int max) {
        QueryRequest request = QueryRequest.builder().tableName(table).indexName(OVERDUE_BY_ORGANIZATION_INDEX)
                .keyConditionExpression("#p = :p AND #t <= :t")
                .expressionAttributeNames(Map.of("#p", OVERDUE_SHARD, "#t", QUIET_SINCE))
                .expressionAttributeValues(Map.of(
                        ":p", AttributeValue.fromS(CallKeys.overdueShard(organization, shard, state)),
                        ":t", CallItemLayout.time(quietSince)))
                .limit(Math.min(max, 100)).build();
        List<String> keys = dynamo.query(request).items().stream().map(item -> item.get(CallItemLayout.KEY).s(
                )).toList();
        if (keys.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, AttributeValue>> byKey = new HashMap<>();
        for (Map<String, AttributeValue> item : dynamo.batchGetItems(table,
                keys.stream().map(CallItemLayout::key).toList(), true)) {
            byKey.put(item.get(CallItemLayout.KEY).s(), item);
        }
        List<CallRecord> records = new ArrayList<>();
        for (String key : keys) {
            Map<String, AttributeValue> item = byKey.get(key);
            if (item != null) {
                records.add(CallItemLayout.toRecord(item));
            }
        }
        return records;
    }

    /**
     * Moves a call answered after it rang from its organization's ringing partition to the answered one, quiet
     * since its answer: only while it is still in the ringing partition, answered and not ended.
     *
     * @return whether it moved
     */
    public boolean moveToAnswered(String organization, int shard, String callKey) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(CallItemLayout.key(callKey))
                    .updateExpression("SET #open = :answered, #quiet = #answer")
                    .conditionExpression("#open = :ringing AND attribute_exists(#answer) "
                            + "AND attribute_not_exists(#end) AND attribute_not_exists(#inferred)")
                    .expressionAttributeNames(Map.of("#open", OVERDUE_SHARD, "#quiet", QUIET_SINCE,
                            "#answer", ANSWERED_AT, "#end", ENDED_AT, "#inferred", INFERRED_ENDED_AT))
                    .expressionAttributeValues(Map.of(
                            ":ringing", AttributeValue.fromS(
                                    CallKeys.overdueShard(organization, shard, CallItemLayout.RINGING)),
                            ":answered", AttributeValue.fromS(
                                    CallKeys.overdueShard(organization, shard, CallItemLayout.ANSWERED)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Takes an ended call (reported or inferred end) out of the open index.
     *
     * @return whether it was there and ended
     */
    public boolean clearIfEnded(String callKey) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(CallItemLayout.key(callKey))
                    .updateExpression("REMOVE #open, #quiet")
                    .conditionExpression("attribute_exists(#open) AND (attribute_exists(#end) "
                            + "OR attribute_exists(#inferred))")
                    .expressionAttributeNames(Map.of("#open", OVERDUE_SHARD, "#quiet", QUIET_SINCE,
                            "#end", ENDED_AT, "#inferred", INFERRED_ENDED_AT)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
