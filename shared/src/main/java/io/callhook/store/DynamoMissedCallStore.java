package io.callhook.store;

import static io.callhook.store.Items.string;

import io.callhook.call.Cause;
import io.callhook.call.MissedCall;
import io.callhook.config.Environment;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The missed-calls table. An entry is {@code pk = line#<line>}, {@code sk = <start millis, 13 digits>#<callId>};
 * a count is {@code pk = count#<line>}, {@code sk = <yyyy-mm-dd>}. Listing and retracting are transactions that
 * move the entry and its count together, conditional on the entry's absence or presence, so a replay is a no-op.
 * The {@code byScope} index ({@code scope} = {@code entry} or {@code count}) answers questions across lines.
 */
public final class DynamoMissedCallStore implements MissedCallStore {

    public static final String TABLE_VARIABLE = "MISSED_CALLS_TABLE";
    public static final String BY_SCOPE_INDEX = "byScope";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoMissedCallStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static DynamoMissedCallStore fromEnvironment(DynamoDbClient dynamo, Environment env) {
        return new DynamoMissedCallStore(dynamo, env.require(TABLE_VARIABLE));
    }

    @Override
    public boolean record(MissedCall entry) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item(entry))
                            .conditionExpression("attribute_not_exists(pk)")).build(),
                    TransactWriteItem.builder().update(count(entry, 1)).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (!entryConditionFailed(e)) {
                throw e;
            }
        }
        Map<String, AttributeValue> item = new HashMap<>(item(entry));
        item.keySet().removeAll(Set.of("pk", "sk"));
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            names.put("#a" + i, attribute.getKey());
            values.put(":v" + i, attribute.getValue());
            sets.add("#a" + i + " = :v" + i);
            i++;
        }
        dynamo.updateItem(b -> b.tableName(table).key(entryKey(entry))
                .updateExpression("SET " + String.join(", ", sets))
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(names).expressionAttributeValues(values));
        return false;
    }

    @Override
    public boolean retract(MissedCall entry) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(d -> d.tableName(table).key(entryKey(entry))
                            .conditionExpression("attribute_exists(pk)")).build(),
                    TransactWriteItem.builder().update(count(entry, -1)).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (entryConditionFailed(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<MissedCall> entries(String line, Instant since, Instant until, int limit) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).scanIndexForward(false);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":from", AttributeValue.fromS(millis(since)),
                ":to", AttributeValue.fromS(millis(until))));
        if (line != null) {
            values.put(":pk", AttributeValue.fromS("line#" + line));
            query.keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to");
        } else {
            values.put(":scope", AttributeValue.fromS("entry"));
            query.indexName(BY_SCOPE_INDEX).keyConditionExpression("#scope = :scope AND sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#scope", "scope"));
        }
        query.expressionAttributeValues(values);
        List<MissedCall> entries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(query.exclusiveStartKey(start).limit(limit - entries.size()).build());
            page.items().forEach(item -> entries.add(entry(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && entries.size() < limit);
        return entries;
    }

    @Override
    public List<DayCount> counts(String line, LocalDate since, LocalDate until) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":from", AttributeValue.fromS(since.toString()),
                ":to", AttributeValue.fromS(until.toString())));
        if (line != null) {
            values.put(":pk", AttributeValue.fromS("count#" + line));
            query.keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to");
        } else {
            values.put(":scope", AttributeValue.fromS("count"));
            query.indexName(BY_SCOPE_INDEX).keyConditionExpression("#scope = :scope AND sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#scope", "scope"));
        }
        List<DayCount> counts = new ArrayList<>();
        for (QueryResponse page : dynamo.queryPaginator(query.expressionAttributeValues(values).build())) {
            for (Map<String, AttributeValue> item : page.items()) {
                counts.add(new DayCount(item.get("line").s(), LocalDate.parse(item.get("day").s()),
                        Long.parseLong(item.get("n").n())));
            }
        }
        counts.sort(Comparator.comparing(DayCount::day).thenComparing(DayCount::line));
        return counts;
    }

    private software.amazon.awssdk.services.dynamodb.model.Update count(MissedCall entry, int delta) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":delta", AttributeValue.fromN(Integer.toString(delta)),
                ":line", AttributeValue.fromS(entry.line()),
                ":day", AttributeValue.fromS(entry.day().toString()),
                ":scope", AttributeValue.fromS("count")));
        String expires = "";
        if (entry.expiresAt() != null) {
            values.put(":exp", AttributeValue.fromN(Long.toString(entry.expiresAt().getEpochSecond())));
            expires = ", expiresAt = if_not_exists(expiresAt, :exp)";
        }
        return software.amazon.awssdk.services.dynamodb.model.Update.builder()
                .tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("count#" + entry.line()),
                        "sk", AttributeValue.fromS(entry.day().toString())))
                .updateExpression("SET line = :line, #day = :day, #scope = :scope" + expires + " ADD n :delta")
                .expressionAttributeNames(Map.of("#day", "day", "#scope", "scope"))
                .expressionAttributeValues(values)
                .build();
    }

    private static boolean entryConditionFailed(TransactionCanceledException e) {
        return e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()
                && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code());
    }

    private static Map<String, AttributeValue> entryKey(MissedCall entry) {
        return Map.of("pk", AttributeValue.fromS("line#" + entry.line()),
                "sk", AttributeValue.fromS(millis(entry.startedAt()) + "#" + entry.callId()));
    }

    private static String millis(Instant instant) {
        return String.format("%013d", Math.max(0, instant.toEpochMilli()));
    }

    static Map<String, AttributeValue> item(MissedCall entry) {
        Map<String, AttributeValue> item = new HashMap<>(entryKey(entry));
        item.put("scope", AttributeValue.fromS("entry"));
        item.put("callId", AttributeValue.fromS(entry.callId()));
        item.put("line", AttributeValue.fromS(entry.line()));
        item.put("day", AttributeValue.fromS(entry.day().toString()));
        putString(item, "from", entry.from());
        putString(item, "to", entry.to());
        if (!entry.users().isEmpty()) {
            item.put("users", AttributeValue.fromSs(List.copyOf(entry.users())));
        }
        item.put("startedAt", CallItems.time(entry.startedAt()));
        if (entry.endedAt() != null) {
            item.put("endedAt", CallItems.time(entry.endedAt()));
        }
        if (entry.waitingSeconds() != null) {
            item.put("waitingSeconds", AttributeValue.fromN(Long.toString(entry.waitingSeconds())));
        }
        item.put("cause", AttributeValue.fromS(entry.cause().wire()));
        putString(item, "rawCause", entry.rawCause());
        item.put("done", AttributeValue.fromBool(entry.done()));
        if (entry.expiresAt() != null) {
            item.put("expiresAt", AttributeValue.fromN(Long.toString(entry.expiresAt().getEpochSecond())));
        }
        return item;
    }

    private static void putString(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    static MissedCall entry(Map<String, AttributeValue> item) {
        return new MissedCall(
                item.get("callId").s(),
                item.get("line").s(),
                string(item, "from"),
                string(item, "to"),
                item.containsKey("users") ? new TreeSet<>(item.get("users").ss()) : Set.of(),
                Instant.ofEpochMilli(Long.parseLong(item.get("startedAt").n())),
                item.containsKey("endedAt") ? Instant.ofEpochMilli(Long.parseLong(item.get("endedAt").n())) : null,
                item.containsKey("waitingSeconds") ? Long.parseLong(item.get("waitingSeconds").n()) : null,
                Cause.fromWire(item.get("cause").s()),
                string(item, "rawCause"),
                item.get("done").bool(),
                item.containsKey("expiresAt") ? Instant.ofEpochSecond(Long.parseLong(item.get("expiresAt").n()))
                        : null);
    }
}
