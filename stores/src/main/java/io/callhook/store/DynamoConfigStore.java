package io.callhook.store;

import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.Setting;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.GetItemResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * The config table: one item per {@link Setting} (key {@value #KEY} = the setting's parameter name, such as
 * {@code WebhookTokenHashes}) holding each entry as a top-level attribute {@value #ENTRY_PREFIX}{@code <id>} whose
 * value is the entry (for line rules, the line's JSON object): a function reads a setting with one
 * {@code GetItem}, and every change is one {@code UpdateItem} of one attribute, with no read, idempotent. An item
 * holds at most 400 KB: some 3,500 token hashes, or a few thousand lines' rules.
 */
public final class DynamoConfigStore {

    static final String KEY = "setting";
    static final String ENTRY_PREFIX = "e#";

    private final DynamoDbJsonClient dynamo;
    private final String table;

    public DynamoConfigStore(DynamoDbJsonClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * The settings of {@code env}: read from its config table ({@value LiveConfig#TABLE_VARIABLE}) at first use and
     * cached ({@value LiveConfig#CACHE_VARIABLE}), or the environment's only when no table is named.
     */
    public static LiveConfig liveConfig(DynamoDbJsonClient dynamo, Environment env) {
        String table = env.optional(LiveConfig.TABLE_VARIABLE).orElse(null);
        if (table == null) {
            return LiveConfig.environmentOnly(env);
        }
        DynamoConfigStore store = new DynamoConfigStore(dynamo, table);
        return new LiveConfig(env, store::entries, LiveConfig.ttl(env), System::nanoTime);
    }

    /** The setting's entries in the table by id, sorted by id; empty when it has none (eventually consistent). */
    public Map<String, String> entries(Setting setting) {
        return entries(setting, false);
    }

    /**
     * The setting's entries in the table by id, sorted by id; {@code consistent}: as last written (a strongly
     * consistent read, for a change decided on what is stored, as {@link #replace} does).
     */
    public Map<String, String> entries(Setting setting, boolean consistent) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).key(key(setting))
                .consistentRead(consistent ? Boolean.TRUE : null));
        Map<String, String> entries = new TreeMap<>();
        response.item().forEach((name, value) -> {
            if (name.startsWith(ENTRY_PREFIX) && value.s() != null) {
                entries.put(name.substring(ENTRY_PREFIX.length()), value.s());
            }
        });
        return entries;
    }

    /** Sets the entry {@code id} of {@code setting} to {@code value}; setting it again changes nothing. */
    public void put(Setting setting, String id, String value) {
        dynamo.updateItem(b -> b.tableName(table).key(key(setting)).updateExpression("SET #e = :v")
                .expressionAttributeNames(Map.of("#e", ENTRY_PREFIX + id))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value))));
    }

    /**
     * Sets the entry {@code id} of {@code setting} to {@code value} only if it is still {@code expected}
     * ({@code null}: only if there is none), so a change decided on a read is not written over a change made since.
     *
     * @return {@code false} when the entry had changed (nothing is written then)
     */
    public boolean replace(Setting setting, String id, String expected, String value) {
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":v", AttributeValue.fromS(value)));
        if (expected != null) {
            values.put(":old", AttributeValue.fromS(expected));
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(setting)).updateExpression("SET #e = :v")
                    .conditionExpression(expected == null ? "attribute_not_exists(#e)" : "#e = :old")
                    .expressionAttributeNames(Map.of("#e", ENTRY_PREFIX + id))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Removes the entry {@code id}; {@code false} when there was none (nothing is written then). */
    public boolean remove(Setting setting, String id) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(setting)).updateExpression("REMOVE #e")
                    .conditionExpression("attribute_exists(#e)")
                    .expressionAttributeNames(Map.of("#e", ENTRY_PREFIX + id)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(Setting setting) {
        return Map.of(KEY, AttributeValue.fromS(setting.parameter()));
    }
}
