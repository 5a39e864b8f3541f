package io.callhook.store;

import static io.callhook.store.CallItemLayout.ANSWERED_AT;
import static io.callhook.store.CallItemLayout.ANSWERED_BY;
import static io.callhook.store.CallItemLayout.ATTRIBUTE_PREFIX;
import static io.callhook.store.CallItemLayout.BLOCKED;
import static io.callhook.store.CallItemLayout.BY_ORGANIZATION_INDEX;
import static io.callhook.store.CallItemLayout.CALL_ID;
import static io.callhook.store.CallItemLayout.CAUSE;
import static io.callhook.store.CallItemLayout.DIRECTION;
import static io.callhook.store.CallItemLayout.DONE_BY_AGENT;
import static io.callhook.store.CallItemLayout.ENDED_AT;
import static io.callhook.store.CallItemLayout.EVENTS;
import static io.callhook.store.CallItemLayout.EXPIRES_AT;
import static io.callhook.store.CallItemLayout.FIRST_SEEN_AT;
import static io.callhook.store.CallItemLayout.FROM;
import static io.callhook.store.CallItemLayout.INFERRED_ENDED_AT;
import static io.callhook.store.CallItemLayout.KEY;
import static io.callhook.store.CallItemLayout.LINE_SHARD;
import static io.callhook.store.CallItemLayout.NEXT_CALL_IDS;
import static io.callhook.store.CallItemLayout.OVERDUE_SHARD;
import static io.callhook.store.CallItemLayout.QUIET_SINCE;
import static io.callhook.store.CallItemLayout.ORGANIZATION_ID;
import static io.callhook.store.CallItemLayout.ORGANIZATION_SHARD;
import static io.callhook.store.CallItemLayout.PREVIOUS_CALL_ID;
import static io.callhook.store.CallItemLayout.QUEUE;
import static io.callhook.store.CallItemLayout.RAW_CAUSE;
import static io.callhook.store.CallItemLayout.RINGING_AT;
import static io.callhook.store.CallItemLayout.SOURCE;
import static io.callhook.store.CallItemLayout.TO;
import static io.callhook.store.CallItemLayout.USERS;
import static io.callhook.store.CallItemLayout.key;
import static io.callhook.store.CallItemLayout.time;
import static io.callhook.store.CallItemLayout.toRecord;

import io.callhook.call.CallEvent;
import io.callhook.call.CallRecord;
import io.callhook.call.Direction;
import io.callhook.call.EventType;
import io.callhook.config.Environment;
import io.callhook.config.LiveConfig;
import io.callhook.config.Organizations;
import io.callhook.config.Setting;
import io.callhook.log.Log;
import io.callhook.privacy.RetentionPolicy;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.GetItemResponse;
import io.callhook.dynamodb.QueryRequest;
import io.callhook.dynamodb.ReturnValuesOnConditionCheckFailure;
import io.callhook.dynamodb.TransactWriteItem;
import io.callhook.dynamodb.TransactionCanceledException;
import io.callhook.dynamodb.Update;
import io.callhook.dynamodb.UpdateItemRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * The calls table. Each event is one write request and no read: every fact is written with {@code if_not_exists},
 * sets grow with {@code ADD}, so repeats and reordering cannot change a stored value. The key is the integration and
 * the provider's call id, so one integration can never write into another's call.
 */
public final class DynamoCallStore implements CallStore {

    public static final String TABLE_VARIABLE = "CALLS_TABLE";
    public static final String RETENTION_VARIABLE = "RETENTION_DAYS";
    /** How many shards each organization's index partition is spread over; only ever raise it. */
    public static final String SHARDS_VARIABLE = "INDEX_SHARDS";
    public static final long DEFAULT_RETENTION_DAYS = 365;
    /** The most index requests one caller-log page makes per shard. */
    static final int LOG_PAGES = 10;
    /** Keys per BatchGetItem (DynamoDB's limit). */
    static final int BATCH_GET = 100;
    /** Transactions cancelled by a concurrent write to the same item are sent again this many times. */
    static final int TRANSACTION_ATTEMPTS = 3;

    private final DynamoDbJsonClient dynamo;
    private final String table;
    private final Supplier<RetentionPolicy> retention;
    private final Supplier<Organizations> organizations;
    private final int shards;

    /** A store where every integration belongs to the default organization, in one shard. */
    public DynamoCallStore(DynamoDbJsonClient dynamo, String table, Duration retention) {
        this(dynamo, table, retention, Organizations.single(), 1);
    }

    public DynamoCallStore(DynamoDbJsonClient dynamo, String table, Duration retention, Organizations organizations,
                           int shards) {
        this(dynamo, table, () -> RetentionPolicy.uniform(retention.toDays()), () -> organizations, shards);
    }

    /**
     * @param organizations the integrations' organizations as they are now (asked at each write; configuration
     *                      that may change while the function runs)
     */
    private DynamoCallStore(DynamoDbJsonClient dynamo, String table, Supplier<RetentionPolicy> retention,
                            Supplier<Organizations> organizations, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("the shard count must be at least 1");
        }
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.organizations = organizations;
        this.shards = shards;
    }

    public static DynamoCallStore fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        Organizations organizations = Organizations.fromEnvironment(env);
        return fromEnvironment(dynamo, env, () -> organizations);
    }

    /** The store of {@code env}'s table, retention and shards, with the organizations {@code organizations} gives. */
    public static DynamoCallStore fromEnvironment(DynamoDbJsonClient dynamo, Environment env,
                                                  Supplier<Organizations> organizations) {
        RetentionPolicy retention = RetentionPolicy.uniform(retentionDays(env));
        return new DynamoCallStore(dynamo, env.require(TABLE_VARIABLE), () -> retention, organizations, shards(env));
    }

    /**
     * The store of a webhook function: organizations and retention per organization and integration as the config
     * table has them now (read at the first event, cached as every setting).
     */
    public static DynamoCallStore live(DynamoDbJsonClient dynamo, Environment env, LiveConfig config) {
        return new DynamoCallStore(dynamo, env.require(TABLE_VARIABLE), retention(config, env),
                Organizations.live(config, env), shards(env));
    }

    /** {@value #RETENTION_VARIABLE} (default {@value #DEFAULT_RETENTION_DAYS}): every kind's default days. */
    public static long retentionDays(Environment env) {
        return env.optionalLong(RETENTION_VARIABLE, DEFAULT_RETENTION_DAYS);
    }

    /** The {@code Retention} setting over {@value #RETENTION_VARIABLE}, as it is now. */
    public static Supplier<RetentionPolicy> retention(LiveConfig config, Environment env) {
        long days = retentionDays(env);
        return config.parsed(Setting.RETENTION, value -> RetentionPolicy.parse(value, days));
    }

    /** The index shard count of {@code env} ({@value #SHARDS_VARIABLE}, default 1). */
    public static int shards(Environment env) {
        long shards = env.optionalLong(SHARDS_VARIABLE, 1);
        if (shards < 1 || shards > 100) {
            throw new IllegalStateException(SHARDS_VARIABLE + " must be 1 to 100");
        }
        return (int) shards;
    }

    /**
     * One request per event: an {@code UpdateItem}, or, for an event that continues another call of the same
     * integration (a forward or a transfer), one transaction that also links the previous call to this one, so
     * both directions of the link are written together or not at all.
     */
    @Override
    public void apply(CallEvent event) {
        UpdateItemRequest update = updateFor(event);
        if (event.previousCallId() == null || event.previousCallId().equals(event.callId())) {
            try {
                dynamo.updateItem(update);
            } catch (ConditionalCheckFailedException e) {
                if (event.type() == EventType.INFERRED_HANGUP) {
                    throw e;
                }
                Log.info("event of an erased call dropped", "callId", CallKeys.of(event.source(), event.callId()));
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
                if (reasons.size() == 2 && "ConditionalCheckFailed".equals(reasons.get(0))) {
                    Log.info("event of an erased call dropped", "callId",
                            CallKeys.of(event.source(), event.callId()));
                    return;
                }
                if (reasons.size() == 2 && "ConditionalCheckFailed".equals(reasons.get(1))) {
                    // the previous call was erased: this call keeps its own facts, and no link is written to a
                    // tombstone
                    try {
                        dynamo.updateItem(update);
                    } catch (ConditionalCheckFailedException erasedMeanwhile) {
                        Log.info("event of an erased call dropped", "callId",
                                CallKeys.of(event.source(), event.callId()));
                    }
                    return;
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
    public Optional<CallRecord> find(String callKey) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).key(key(callKey)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(toRecord(response.item())) : Optional.empty();
    }

    /**
     * Without a line, the organization's index, merged over its shards. With a line, that line's keys on the
     * {@value CallItemLayout#BY_LINE_INDEX} index, merged over its shards, and their records read by key
     * ({@code BatchGetItem}): no other line's call is read.
     */
    @Override
    public Page<CallRecord> recent(String organization, String line, int limit, int maxBytes,
                                   ToIntFunction<CallRecord> size, String token) {
        if (line == null) {
            MergedQuery query = organizationQuery(organization, new HashMap<>(Map.of("#p", ORGANIZATION_SHARD)),
                    new HashMap<>(), null, false, limit, LOG_PAGES * shards, token);
            List<CallRecord> calls = query.take(CallItemLayout::toRecord, limit, maxBytes, size);
            return new Page<>(calls, query.token());
        }
        MergedQuery query = lineQuery(organization, line, limit, token);
        List<Map<String, AttributeValue>> keys = query.take(item -> item, limit, Long.MAX_VALUE, item -> 0);
        List<Map<String, AttributeValue>> items = records(keys);
        List<CallRecord> calls = new ArrayList<>();
        int taken = 0;
        long bytes = 0;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                continue;
            }
            CallRecord call = CallItemLayout.toRecord(items.get(i));
            bytes += size.applyAsInt(call);
            if (!calls.isEmpty() && bytes > maxBytes) {
                // the page ends before this call: its token continues after the last call that fits, read again
                MergedQuery again = lineQuery(organization, line, taken, token);
                again.take(item -> item, taken, Long.MAX_VALUE, item -> 0);
                return new Page<>(calls, again.token());
            }
            calls.add(call);
            taken = i + 1;
        }
        return new Page<>(calls, query.token());
    }

    private MergedQuery lineQuery(String organization, String line, int limit, String token) {
        List<String> partitions = IntStream.range(0, shards)
                .mapToObj(shard -> CallKeys.lineShard(organization, shard, line)).toList();
        List<QueryRequest> requests = partitions.stream().map(partition -> QueryRequest.builder().tableName(table)
                .indexName(CallItemLayout.BY_LINE_INDEX).keyConditionExpression("#p = :p").scanIndexForward(false)
                .expressionAttributeNames(Map.of("#p", LINE_SHARD))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition))).build()).toList();
        return new MergedQuery(dynamo, requests, LINE_SHARD, partitions, FIRST_SEEN_AT,
                Set.of(KEY, LINE_SHARD, FIRST_SEEN_AT), limit, LOG_PAGES * shards, token);
    }

    /** The items of index keys, in the keys' order; {@code null} for a record gone meanwhile (TTL). */
    private List<Map<String, AttributeValue>> records(List<Map<String, AttributeValue>> keys) {
        Map<String, Map<String, AttributeValue>> byKey = new HashMap<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET) {
            List<Map<String, AttributeValue>> batch = keys.subList(from, Math.min(keys.size(), from + BATCH_GET))
                    .stream().map(key -> Map.of(KEY, key.get(KEY))).toList();
            dynamo.batchGetItems(table, batch, false).forEach(item -> byKey.put(item.get(KEY).s(), item));
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        keys.forEach(key -> items.add(byKey.get(key.get(KEY).s())));
        return items;
    }

    /**
     * The calls of one organization on the {@value CallItemLayout#BY_ORGANIZATION_INDEX} index, every shard merged by
     * {@code firstSeenAt}; {@code names} and {@code values} hold the filter's placeholders, {@code #p} and
     * {@code :p} are the partition's.
     */
    MergedQuery organizationQuery(String organization, Map<String, String> names, Map<String, AttributeValue> values,
                                  String filter, boolean oldestFirst, int pageSize, int maxRequests, String token) {
        return organizationQuery(dynamo, table, shards, organization, "#p = :p", names, values, filter, oldestFirst,
                pageSize, maxRequests, token);
    }

    /** As above, for any reader of the calls table; {@code keyCondition} names {@code #p} and {@code :p}. */
    static MergedQuery organizationQuery(DynamoDbJsonClient dynamo, String table, int shards, String organization,
                                         String keyCondition, Map<String, String> names,
                                         Map<String, AttributeValue> values, String filter, boolean oldestFirst,
                                         int pageSize, int maxRequests, String token) {
        List<String> partitions = IntStream.range(0, shards)
                .mapToObj(shard -> CallKeys.organizationShard(organization, shard)).toList();
        List<QueryRequest> requests = partitions.stream().map(partition -> {
            Map<String, AttributeValue> shardValues = new HashMap<>(values);
            shardValues.put(":p", AttributeValue.fromS(partition));
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(BY_ORGANIZATION_INDEX)
                    .keyConditionExpression(keyCondition).scanIndexForward(oldestFirst)
                    .expressionAttributeNames(names).expressionAttributeValues(shardValues);
            if (filter != null) {
                request.filterExpression(filter);
            }
            return request.build();
        }).toList();
        return new MergedQuery(dynamo, requests, ORGANIZATION_SHARD, partitions, FIRST_SEEN_AT,
                Set.of(KEY, ORGANIZATION_SHARD, FIRST_SEEN_AT), pageSize, maxRequests, token);
    }

    /** One conditional write per call, all in one transaction (at most 100 calls). */
    @Override
    public void markDone(String organization, List<String> callKeys, boolean done) {
        List<TransactWriteItem> writes = callKeys.stream().distinct().map(callKey -> TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(key(callKey))
                        .updateExpression("SET #done = :done")
                        .conditionExpression("attribute_exists(#k) AND #org = :org")
                        .expressionAttributeNames(Map.of("#done", DONE_BY_AGENT, "#k", KEY, "#org", ORGANIZATION_ID))
                        .expressionAttributeValues(Map.of(":done", AttributeValue.fromBool(done),
                                ":org", AttributeValue.fromS(organization)))
                        .build())
                .build()).toList();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons()) {
                for (int i = 0; i < e.cancellationReasons().size(); i++) {
                    if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(i).code())) {
                        throw new UnknownCallException(writes.get(i).update().key().get(KEY).s());
                    }
                }
            }
            throw e;
        }
    }

    /**
     * The event's write. Its ring or answer marks the call open ({@value CallItemLayout#OVERDUE_SHARD} and {@value
     * CallItemLayout#QUIET_SINCE}) when the call has no mark yet: a ring as ringing since the later of its receipt and
     * its ring time; an answer with an answer time as answered since its answer time. An answer after the ring leaves
     * the ringing mark (the stale-calls sweep moves it, {@link DynamoOpenCalls#moveToAnswered}). Its hangup, reported
     * or inferred, clears the mark. An inferred hangup sets only {@value CallItemLayout#INFERRED_ENDED_AT} (never the
     * reported end or cause), and only on a record that exists; a reported hangup sets {@value
     * CallItemLayout#ENDED_AT}, which the record prefers whatever the order the two arrived in.
     */
    UpdateItemRequest updateFor(CallEvent event) {
        UpdateExpression update = recordOf(event, event.callId());
        update.add(EVENTS, AttributeValue.fromSs(List.of(event.type().wire())));
        if (event.type() == EventType.INFERRED_HANGUP) {
            setOnce(update, INFERRED_ENDED_AT, event.endedAt());
            update.remove(OVERDUE_SHARD);
            update.remove(QUIET_SINCE);
            return request(CallKeys.of(event.source(), event.callId()), update).toBuilder()
                    .conditionExpression("attribute_exists(" + update.name(KEY) + ") AND "
                            + notErased(update))
                    .expressionAttributeNames(update.names()).build();
        }
        if (event.type() == EventType.HANGUP) {
            update.remove(OVERDUE_SHARD);
            update.remove(QUIET_SINCE);
        } else if (event.type() == EventType.ANSWER && event.answeredAt() != null) {
            // an answer heard first marks the call answered since its answer; one heard after the ring leaves the
            // mark where it is (moving the index key would cost two index writes on every answered call): the
            // stale-calls sweep moves it to the answered partition if it is still open past the ringing limit
            update.setIfAbsent(OVERDUE_SHARD, AttributeValue.fromS(overdueShard(event, CallItemLayout.ANSWERED)));
            update.setIfAbsent(QUIET_SINCE, time(event.answeredAt()));
        } else if (event.type() == EventType.NEW_CALL || event.type() == EventType.ANSWER) {
            Instant quiet = event.ringingAt() != null && event.ringingAt().isAfter(event.receivedAt())
                    ? event.ringingAt() : event.receivedAt();
            update.setIfAbsent(OVERDUE_SHARD, AttributeValue.fromS(overdueShard(event, CallItemLayout.RINGING)));
            update.setIfAbsent(QUIET_SINCE, time(quiet));
        }
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
        String number = event.direction() == null ? null
                : event.direction() == Direction.OUT ? event.from() : event.to();
        if (event.queue() != null) {
            // the first queue wins, as for the record's queue: lineShard takes the stored queue line if any
            AttributeValue queueLine = AttributeValue.fromS(lineShard(event, event.queue()));
            update.setIfAbsent(CallItemLayout.QUEUE_LINE, queueLine);
            update.setFrom(LINE_SHARD, CallItemLayout.QUEUE_LINE, queueLine);
        } else if (number != null) {
            update.setIfAbsent(LINE_SHARD, AttributeValue.fromS(lineShard(event, number)));
        }
        if (event.blocked()) {
            update.setIfAbsent(BLOCKED, AttributeValue.fromBool(true));
        }
        if (!event.users().isEmpty()) {
            update.add(USERS, AttributeValue.fromSs(List.copyOf(event.users())));
        }
        event.attributes().forEach((name, value) -> setOnce(update, ATTRIBUTE_PREFIX + name, value));
        return notErased(request(CallKeys.of(event.source(), event.callId()), update), update);
    }

    /** The previous call's side of a link: a call of the same integration learns which call continues it. */
    UpdateItemRequest linkFor(CallEvent event) {
        UpdateExpression update = recordOf(event, event.previousCallId());
        update.add(NEXT_CALL_IDS, AttributeValue.fromSs(List.of(event.callId())));
        return notErased(request(CallKeys.of(event.source(), event.previousCallId()), update), update);
    }

    /**
     * The write only while the record is no erased call's tombstone ({@value PersonalDataSources#ERASED_AT}): a
     * condition on the same request, so it costs no read and no further write unit.
     */
    private static UpdateItemRequest notErased(UpdateItemRequest request, UpdateExpression update) {
        return request.toBuilder().conditionExpression(notErased(update))
                .expressionAttributeNames(update.names()).build();
    }

    private static String notErased(UpdateExpression update) {
        return "attribute_not_exists(" + update.name(PersonalDataSources.ERASED_AT) + ")";
    }

    /**
     * What every write of a call sets: its integration and id, its organization and index partition (each from the
     * first write), its place in the caller log and its expiry.
     */
    private UpdateExpression recordOf(CallEvent event, String callId) {
        String organization = organizations.get().of(event.source());
        UpdateExpression update = new UpdateExpression();
        update.set(SOURCE, AttributeValue.fromS(event.source()));
        update.set(CALL_ID, AttributeValue.fromS(callId));
        update.setIfAbsent(ORGANIZATION_ID, AttributeValue.fromS(organization));
        update.setIfAbsent(ORGANIZATION_SHARD, AttributeValue.fromS(organizationShard(event, callId)));
        update.setIfAbsent(FIRST_SEEN_AT, time(event.receivedAt()));
        long expires = event.receivedAt().plus(retention.get().of(organization, event.source()).callsTtl())
                .getEpochSecond();
        update.setIfAbsent(EXPIRES_AT, AttributeValue.fromN(Long.toString(expires)));
        return update;
    }

    /** The index partition of a call of the event's integration: its organization and shard. */
    private String organizationShard(CallEvent event, String callId) {
        return CallKeys.organizationShard(organizations.get().of(event.source()),
                CallKeys.shardOf(CallKeys.of(event.source(), callId), shards));
    }

    /** The line index partition of the event's call on {@code line}. */
    private String lineShard(CallEvent event, String line) {
        return CallKeys.lineShard(organizations.get().of(event.source()),
                CallKeys.shardOf(CallKeys.of(event.source(), event.callId()), shards), line);
    }

    /** The overdue index partition of the event's call in {@code state}. */
    private String overdueShard(CallEvent event, String state) {
        return CallKeys.overdueShard(organizations.get().of(event.source()),
                CallKeys.shardOf(CallKeys.of(event.source(), event.callId()), shards), state);
    }

    private UpdateItemRequest request(String callKey, UpdateExpression update) {
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(key(callKey))
                .updateExpression(update.update())
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
