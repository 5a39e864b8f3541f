package io.callhook.store;

import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.GetItemResponse;
import io.callhook.routing.RoutingRules;
import java.util.HashMap;
import java.util.Map;

/**
 * The routing table: one item per integration (key {@value #KEY}) holding all of its rules, so the webhook's read
 * is one {@code GetItem}. Each block-list entry is a top-level attribute {@value #BLOCK_PREFIX}{@code <entry>} whose
 * value is its note, each caller-id rule an attribute {@value #CALLER_ID_PREFIX}{@code <prefix>} whose value is the
 * caller id, and the default is {@value #DEFAULT_CALLER_ID}: every change is one {@code UpdateItem} of one
 * attribute, with no read. An item holds at most 400 KB, some thousands of entries; a write past that is refused by
 * DynamoDB ({@code ValidationException}).
 */
public final class DynamoRoutingStore implements RoutingStore {

    public static final String TABLE_VARIABLE = "ROUTING_TABLE";
    static final String KEY = "integration";
    static final String BLOCK_PREFIX = "block#";
    static final String CALLER_ID_PREFIX = "callerId#";
    static final String DEFAULT_CALLER_ID = "defaultCallerId";

    private final DynamoDbJsonClient dynamo;
    private final String table;

    public DynamoRoutingStore(DynamoDbJsonClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static DynamoRoutingStore fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return new DynamoRoutingStore(dynamo, env.require(TABLE_VARIABLE));
    }

    @Override
    public RoutingRules rules(String integration, boolean consistent) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).key(key(integration))
                .consistentRead(consistent));
        if (!response.hasItem() || response.item().isEmpty()) {
            return RoutingRules.none(integration);
        }
        Map<String, String> blocked = new HashMap<>();
        Map<String, String> callerIds = new HashMap<>();
        response.item().forEach((name, value) -> {
            if (name.startsWith(BLOCK_PREFIX) && value.s() != null) {
                blocked.put(name.substring(BLOCK_PREFIX.length()), value.s());
            } else if (name.startsWith(CALLER_ID_PREFIX) && value.s() != null) {
                callerIds.put(name.substring(CALLER_ID_PREFIX.length()), value.s());
            }
        });
        return new RoutingRules(integration, blocked, callerIds, Items.string(response.item(), DEFAULT_CALLER_ID));
    }

    @Override
    public void block(String integration, String entry, String note) {
        set(integration, BLOCK_PREFIX + entry, note);
    }

    @Override
    public boolean unblock(String integration, String entry) {
        return remove(integration, BLOCK_PREFIX + entry);
    }

    @Override
    public void setCallerId(String integration, String prefix, String callerId) {
        set(integration, CALLER_ID_PREFIX + prefix, callerId);
    }

    @Override
    public boolean removeCallerId(String integration, String prefix) {
        return remove(integration, CALLER_ID_PREFIX + prefix);
    }

    @Override
    public void setDefaultCallerId(String integration, String callerId) {
        if (callerId == null) {
            remove(integration, DEFAULT_CALLER_ID);
        } else {
            set(integration, DEFAULT_CALLER_ID, callerId);
        }
    }

    private void set(String integration, String attribute, String value) {
        dynamo.updateItem(b -> b.tableName(table).key(key(integration)).updateExpression("SET #a = :v")
                .expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value))));
    }

    /** Removes one attribute if it is there; {@code false} when it was not (nothing is written then). */
    private boolean remove(String integration, String attribute) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(integration)).updateExpression("REMOVE #a")
                    .conditionExpression("attribute_exists(#a)")
                    .expressionAttributeNames(Map.of("#a", attribute)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String integration) {
        return Map.of(KEY, AttributeValue.fromS(integration));
    }
}
