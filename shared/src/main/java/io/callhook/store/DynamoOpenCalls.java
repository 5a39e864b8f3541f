package io.callhook.store;

import static io.callhook.store.CallItems.ENDED_AT;
import static io.callhook.store.CallItems.FIRST_SEEN_AT;
import static io.callhook.store.CallItems.INFERRED_ENDED_AT;
import static io.callhook.store.CallItems.OPEN_BY_ORGANIZATION_INDEX;
import static io.callhook.store.CallItems.OPEN_SHARD;

import io.callhook.call.CallRecord;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbClient;
import io.callhook.dynamodb.QueryRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The calls that are still open, read from the sparse {@value CallItems#OPEN_BY_ORGANIZATION_INDEX} index of the
 * calls table (only calls carrying {@value CallItems#OPEN_SHARD} are in it, so no scan): what the stale-calls
 * function closes by inference. A ring or answer that arrives after the call's hangup marks an ended call open
 * again; {@link #clearIfEnded} takes such a call out of the index.
 */
public final class DynamoOpenCalls {

    /** Index items read per request. */
    static final int PAGE = 100;

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

    /**
     * The open calls of one organization first seen at or before {@code seenBefore}, every shard, oldest first
     * within a shard; at most {@code max} of them.
     */
    public List<CallRecord> seenBefore(String organization, Instant seenBefore, int max) {
        List<CallRecord> calls = new ArrayList<>();
        for (int shard = 0; shard < shards && calls.size() < max; shard++) {
            QueryRequest request = QueryRequest.builder().tableName(table).indexName(OPEN_BY_ORGANIZATION_INDEX)
                    .keyConditionExpression("#p = :p AND #t <= :t")
                    .expressionAttributeNames(Map.of("#p", OPEN_SHARD, "#t", FIRST_SEEN_AT))
                    .expressionAttributeValues(Map.of(
                            ":p", AttributeValue.fromS(CallKeys.organizationShard(organization, shard)),
                            ":t", CallItems.time(seenBefore)))
                    .limit(PAGE).build();
            dynamo.queryPaginator(request).items().stream().limit(max - calls.size())
                    .map(CallItems::toRecord).forEach(calls::add);
        }
        return calls;
    }

    /**
     * Takes an ended call (reported or inferred end) out of the open index.
     *
     * @return whether it was there and ended
     */
    public boolean clearIfEnded(String callKey) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(CallItems.key(callKey))
                    .updateExpression("REMOVE #open")
                    .conditionExpression("attribute_exists(#open) AND (attribute_exists(#end) "
                            + "OR attribute_exists(#inferred))")
                    .expressionAttributeNames(Map.of("#open", OPEN_SHARD, "#end", ENDED_AT,
                            "#inferred", INFERRED_ENDED_AT)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
