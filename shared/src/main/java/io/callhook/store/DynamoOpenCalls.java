package io.callhook.store;

import static io.callhook.store.CallItems.ENDED_AT;
import static io.callhook.store.CallItems.INFERRED_ENDED_AT;
import static io.callhook.store.CallItems.OVERDUE_BY_ORGANIZATION_INDEX;
import static io.callhook.store.CallItems.OVERDUE_SHARD;
import static io.callhook.store.CallItems.QUIET_SINCE;

import io.callhook.call.CallRecord;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbClient;
import io.callhook.dynamodb.QueryRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The calls that are still open, read from the sparse {@value CallItems#OVERDUE_BY_ORGANIZATION_INDEX} index of the
 * calls table (only calls carrying {@value CallItems#OVERDUE_SHARD} are in it, so no scan): what the stale-calls
 * function closes by inference. Each organization's shard has one partition per state ({@value CallItems#RINGING},
 * {@value CallItems#ANSWERED}) sorted by {@value CallItems#QUIET_SINCE}, so one query per partition lists the calls
 * quiet since before a time, oldest first, and nothing else: a call that is open but not overdue is never read.
 * A ring or answer that arrives after the call's hangup marks an ended call open again; {@link #clearIfEnded} takes
 * such a call out of the index.
 */
public final class DynamoOpenCalls {

    private final DynamoDbClient dynamo;
    private final String table;
    private final int shards;

    public DynamoOpenCalls(DynamoDbClient dynamo, String table, int shards) {
        this.dynamo = dynamo;
        this.table = table;
        this.shards = shards;
    }

    public static DynamoOpenCalls fromEnvironment(DynamoDbClient dynamo, Environment env) {
        return new DynamoOpenCalls(dynamo, env.require(DynamoCallStore.TABLE_VARIABLE), DynamoCallStore.shards(env));
    }

    /** The shard count: the partitions of each organization and state are shards {@code 0} to {@code shards - 1}. */
    public int shards() {
        return shards;
    }

    /**
     * The open calls of one organization, shard and state ({@value CallItems#RINGING} or
     * {@value CallItems#ANSWERED}) quiet since at or before {@code quietSince}, oldest first; at most {@code max}
     * of them. Exactly one {@code Query} request.
     */
    public List<CallRecord> quietSince(String organization, int shard, String state, Instant quietSince, int max) {
        QueryRequest request = QueryRequest.builder().tableName(table).indexName(OVERDUE_BY_ORGANIZATION_INDEX)
                .keyConditionExpression("#p = :p AND #t <= :t")
                .expressionAttributeNames(Map.of("#p", OVERDUE_SHARD, "#t", QUIET_SINCE))
                .expressionAttributeValues(Map.of(
                        ":p", AttributeValue.fromS(CallKeys.overdueShard(organization, shard, state)),
                        ":t", CallItems.time(quietSince)))
                .limit(max).build();
        return dynamo.query(request).items().stream().map(CallItems::toRecord).toList();
    }

    /**
     * Takes an ended call (reported or inferred end) out of the open index.
     *
     * @return whether it was there and ended
     */
    public boolean clearIfEnded(String callKey) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(CallItems.key(callKey))
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
