package io.callhook.store;

import static io.callhook.store.CallItems.ANSWERED_AT;
import static io.callhook.store.CallItems.ANSWERED_BY;
import static io.callhook.store.CallItems.ATTRIBUTE_PREFIX;
import static io.callhook.store.CallItems.BY_TIME_INDEX;
import static io.callhook.store.CallItems.CALL_ID;
import static io.callhook.store.CallItems.CAUSE;
import static io.callhook.store.CallItems.DIRECTION;
import static io.callhook.store.CallItems.DONE_BY_AGENT;
import static io.callhook.store.CallItems.ENDED_AT;
import static io.callhook.store.CallItems.EVENTS;
import static io.callhook.store.CallItems.EXPIRES_AT;
import static io.callhook.store.CallItems.FIRST_SEEN_AT;
import static io.callhook.store.CallItems.FROM;
import static io.callhook.store.CallItems.KIND;
import static io.callhook.store.CallItems.KIND_CALL;
import static io.callhook.store.CallItems.NEXT_CALL_IDS;
import static io.callhook.store.CallItems.PREVIOUS_CALL_ID;
import static io.callhook.store.CallItems.QUEUE;
import static io.callhook.store.CallItems.RAW_CAUSE;
import static io.callhook.store.CallItems.RINGING_AT;
import static io.callhook.store.CallItems.SOURCE;
import static io.callhook.store.CallItems.TO;
import static io.callhook.store.CallItems.USERS;
import static io.callhook.store.CallItems.key;
import static io.callhook.store.CallItems.time;
import static io.callhook.store.CallItems.toRecord;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.config.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The calls table. Each event is one write request and no read: every fact is written with {@code if_not_exists},
 * sets grow with {@code ADD}, so repeats and reordering cannot change a stored value, and the condition on
 * {@code source} keeps one integration from writing into another's call.
 */
public final class DynamoCallStore implements CallStore {

    public static final String TABLE_VARIABLE = "CALLS_TABLE";
    public static final String RETENTION_VARIABLE = "RETENTION_DAYS";
    public static final long DEFAULT_RETENTION_DAYS = 365;
    /** A caller log filtered by line looks at the newest {@code LOG_FILTER_PAGE * LOG_FILTER_PAGES} calls at most. */
    static final int LOG_FILTER_PAGE = 500;
    static final int LOG_FILTER_PAGES = 10;
    /** Transactions cancelled by a concurrent write to the same item are sent again this many times. */
    static final int TRANSACTION_ATTEMPTS = 3;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final int logFilterPage;

    public DynamoCallStore(DynamoDbClient dynamo, String table, Duration retention) {
        this(dynamo, table, retention, LOG_FILTER_PAGE);
    }

    DynamoCallStore(DynamoDbClient dynamo, String table, Duration retention, int logFilterPage) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.logFilterPage = logFilterPage;
    }

    public static DynamoCallStore fromEnvironment(DynamoDbClient dynamo, Environment env) {
        return new DynamoCallStore(dynamo, env.require(TABLE_VARIABLE),
                Duration.ofDays(env.optionalLong(RETENTION_VARIABLE, DEFAULT_RETENTION_DAYS)));
    }

    /**
     * One request per event: an {@code UpdateItem}, or, for an event that continues another call (a forward or a
     * transfer), one transaction that also links the previous call to this one, so both directions of the link
     * are written together or not at all.
     */
    @Override
    public void apply(CallEvent event) {
        UpdateItemRequest update = updateFor(event);
        if (event.previousCallId() == null || event.previousCallId().equals(event.callId())) {
            try {
                dynamo.updateItem(update);
            } catch (ConditionalCheckFailedException e) {
                throw new CallOwnedByAnotherSourceException(event.callId());
            }
            return;
        }
        UpdateItemRequest link = linkFor(event);
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(
                        Transactions.update(update, ReturnValuesOnConditionCheckFailure.NONE),
                        Transactions.update(link, ReturnValuesOnConditionCheckFailure.NONE)));
                return;
            } catch (TransactionCanceledException e) {
                List<String> reasons = e.hasCancellationReasons()
                        ? e.cancellationReasons().stream().map(r -> String.valueOf(r.code())).toList() : List.of();
                if (reasons.contains("ConditionalCheckFailed")) {
                    throw new CallOwnedByAnotherSourceException(
                            "ConditionalCheckFailed".equals(reasons.get(0)) ? event.callId() : event.previousCallId());
                }
                // Another event of one of the two calls was written at the same moment: every write here is
                // idempotent, so sending the same transaction again is safe.
                if (!reasons.contains("TransactionConflict") || attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<CallRecord> find(String callId) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).key(key(callId)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(toRecord(response.item())) : Optional.empty();
    }

    @Override
    public List<CallRecord> recent(String line, int limit) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .indexName(BY_TIME_INDEX)
                .scanIndexForward(false)
                .keyConditionExpression("#kind = :kind");
        Map<String, String> names = new HashMap<>(Map.of("#kind", KIND));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":kind", AttributeValue.fromS(KIND_CALL)));
        if (line != null) {
            names.putAll(Map.of("#queue", QUEUE, "#direction", DIRECTION, "#to", TO, "#from", FROM));
            values.putAll(Map.of(":line", AttributeValue.fromS(line), ":out", AttributeValue.fromS("out")));
            query.filterExpression("#queue = :line OR (attribute_not_exists(#queue) AND ((#direction = :out AND "
                    + "#from = :line) OR (#direction <> :out AND #to = :line)))");
        }
        query.expressionAttributeNames(names).expressionAttributeValues(values);
        List<CallRecord> calls = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            int pageSize = line == null ? limit - calls.size() : logFilterPage;
            QueryResponse page = dynamo.query(query.exclusiveStartKey(start).limit(pageSize).build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (calls.size() < limit) {
                    calls.add(toRecord(item));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && calls.size() < limit && ++pages < LOG_FILTER_PAGES);
        return calls;
    }

    /** One conditional write per call, all in one transaction (at most 100 calls). */
    @Override
    public void markDone(List<String> callIds, boolean done) {
        List<TransactWriteItem> writes = callIds.stream().distinct().map(callId -> TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(key(callId))
                        .updateExpression("SET #done = :done")
                        .conditionExpression("attribute_exists(#k)")
                        .expressionAttributeNames(Map.of("#done", DONE_BY_AGENT, "#k", CALL_ID))
                        .expressionAttributeValues(Map.of(":done", AttributeValue.fromBool(done)))
                        .build())
                .build()).toList();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons()) {
                for (int i = 0; i < e.cancellationReasons().size(); i++) {
                    if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(i).code())) {
                        throw new UnknownCallException(writes.get(i).update().key().get(CALL_ID).s());
                    }
                }
            }
            throw e;
        }
    }

    UpdateItemRequest updateFor(CallEvent event) {
        UpdateExpression update = recordOf(event);
        update.add(EVENTS, AttributeValue.fromSs(List.of(event.type().wire())));
        if (event.direction() != null) {
            update.setIfAbsent(DIRECTION, AttributeValue.fromS(event.direction().wire()));
        }
        setOnce(update, FROM, event.from());
        setOnce(update, TO, event.to());
        setOnce(update, QUEUE, event.queue());
        setOnce(update, ANSWERED_BY, event.answeredBy());
        setOnce(update, RINGING_AT, event.ringingAt());
        setOnce(update, ANSWERED_AT, event.answeredAt());
        setOnce(update, ENDED_AT, event.endedAt());
        setOnce(update, RAW_CAUSE, event.rawCause());
        if (event.cause() != null) {
            update.setIfAbsent(CAUSE, AttributeValue.fromS(event.cause().wire()));
        }
        setOnce(update, PREVIOUS_CALL_ID, event.previousCallId());
        if (!event.users().isEmpty()) {
            update.add(USERS, AttributeValue.fromSs(List.copyOf(event.users())));
        }
        event.attributes().forEach((name, value) -> setOnce(update, ATTRIBUTE_PREFIX + name, value));
        return request(event.callId(), event.source(), update);
    }

    /** The previous call's side of a link: it learns which call continues it, and belongs to the same source. */
    UpdateItemRequest linkFor(CallEvent event) {
        UpdateExpression update = recordOf(event);
        update.add(NEXT_CALL_IDS, AttributeValue.fromSs(List.of(event.callId())));
        return request(event.previousCallId(), event.source(), update);
    }

    /** What every write of a call sets: its owner, its place in the caller log, its expiry. */
    private UpdateExpression recordOf(CallEvent event) {
        UpdateExpression update = new UpdateExpression();
        update.set(SOURCE, AttributeValue.fromS(event.source()));
        update.set(KIND, AttributeValue.fromS(KIND_CALL));
        update.setIfAbsent(FIRST_SEEN_AT, time(event.receivedAt()));
        long expires = event.receivedAt().plus(retention).getEpochSecond();
        update.setIfAbsent(EXPIRES_AT, AttributeValue.fromN(Long.toString(expires)));
        return update;
    }

    private UpdateItemRequest request(String callId, String source, UpdateExpression update) {
        String condition = "attribute_not_exists(" + update.name(CALL_ID) + ") OR " + update.name(SOURCE) + " = "
                + update.value(AttributeValue.fromS(source));
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(key(callId))
                .updateExpression(update.update())
                .conditionExpression(condition)
                .expressionAttributeNames(update.names())
                .expressionAttributeValues(update.values())
                .build();
    }

    private static void setOnce(UpdateExpression update, String attribute, String value) {
        if (value != null) {
            update.setIfAbsent(attribute, AttributeValue.fromS(value));
        }
    }

    private static void setOnce(UpdateExpression update, String attribute, Instant value) {
        if (value != null) {
            update.setIfAbsent(attribute, time(value));
        }
    }
}
