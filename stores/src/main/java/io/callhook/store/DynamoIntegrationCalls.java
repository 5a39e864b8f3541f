package io.callhook.store;

import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.QueryRequest;
import io.callhook.dynamodb.QueryResponse;
import java.util.Map;

/**
 * Whether an integration has calls recorded in an organization: what moving the integration to another organization
 * would split (its earlier calls keep their organization). The calls table has no index by integration, so this
 * reads the organization's {@value CallItemLayout#BY_ORGANIZATION_INDEX} index (keys only: a record key
 * {@code <integration>:<callId>} tells its integration), newest first, shard by shard, keeping only the
 * integration's keys, and stops at the first one found.
 *
 * <p>Guarantees: {@link Answer#NONE} only after every shard was read to its end; at most {@code pageBudget} query
 * pages (of up to 1 MB each) are read in all, and an answer the budget did not reach is {@link Answer#UNKNOWN},
 * never {@link Answer#NONE}. Reads only; eventually consistent.
 */
public final class DynamoIntegrationCalls {

    /** Query pages one look may read: some 400,000 of the organization's calls. */
    public static final int DEFAULT_PAGE_BUDGET = 40;

    /** What the index shows about the integration's calls in the organization. */
    public enum Answer {
        /** At least one call. */
        SOME,
        /** None: every shard was read. */
        NONE,
        /** None in the pages read, but the budget ran out before every shard was. */
        UNKNOWN
    }

    private final DynamoDbJsonClient dynamo;
    private final String table;
    private final int pageBudget;

    /** @param table the calls table */
    public DynamoIntegrationCalls(DynamoDbJsonClient dynamo, String table, int pageBudget) {
        if (pageBudget < 1) {
            throw new IllegalArgumentException("the page budget must be at least 1");
        }
        this.dynamo = dynamo;
        this.table = table;
        this.pageBudget = pageBudget;
    }

    /** Whether {@code integration} has calls among {@code organization}'s {@code shards} shards. */
    public Answer in(String integration, String organization, int shards) {
        int pages = 0;
        for (int shard = 0; shard < shards; shard++) {
            Map<String, AttributeValue> start = null;
            do {
                if (pages == pageBudget) {
                    return Answer.UNKNOWN;
                }
                QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                        .indexName(CallItemLayout.BY_ORGANIZATION_INDEX)
                        .keyConditionExpression("#p = :p")
                        .filterExpression("begins_with(#k, :integration)")
                        .projectionExpression("#k")
                        .expressionAttributeNames(Map.of("#p", CallItemLayout.ORGANIZATION_SHARD,
                                "#k", CallItemLayout.KEY))
                        .expressionAttributeValues(Map.of(
                                ":p", AttributeValue.fromS(CallKeys.organizationShard(organization, shard)),
                                ":integration", AttributeValue.fromS(CallKeys.of(integration, ""))))
                        .scanIndexForward(false);
                if (start != null) {
                    request.exclusiveStartKey(start);
                }
                QueryResponse response = dynamo.query(request.build());
                pages++;
                if (response.hasItems()) {
                    return Answer.SOME;
                }
                start = response.lastEvaluatedKey().isEmpty() ? null : response.lastEvaluatedKey();
            } while (start != null);
        }
        return Answer.NONE;
    }
}
