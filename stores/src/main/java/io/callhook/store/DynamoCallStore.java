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
import io.callhook.config.RetentionPolicy;
import io.callhook.config.Setting;
import io.callhook.config.ShardCounts;
import io.callhook.log.Log;
import io.callhook.metrics.Metrics;
import io.callhook.privacy.ErasedNumbers;
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
import java.util.function.IntFunction;
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
    /** How many shards each organization's index partition is spread over by default ({@link ShardCounts}). */
    public static final String SHARDS_VARIABLE = ShardCounts.DEFAULT_VARIABLE;
    public static final long DEFAULT_RETENTION_DAYS = 365;
    /** The most index requests one caller-log page makes per shard. */
    static final int LOG_PAGES = 10;
    /** Keys per BatchGetItem (DynamoDB's limit). */
    static final int BATCH_GET = 100;
    /** Transactions cancelled by a concurrent write to the same item are sent again this many times. */
    static final int TRANSACTION_ATTEMPTS = 3;
    /** Events dropped because they hold a number erased in their organization before their call was first heard of. */
    public static final String ERASED_DROPPED_METRIC = "ErasedNumberEventsDropped";

    private final DynamoDbJsonClient dynamo;
    private final String table;
    private final Supplier<RetentionPolicy> retention;
    private final Supplier<Organizations> organizations;
    private final Supplier<ShardCounts> shards;
    private final Supplier<ErasedNumbers> erased;

    /** A store where every integration belongs to the default organization, in one shard. */
    public DynamoCallStore(DynamoDbJsonClient dynamo, String table, Duration retention) {
        this(dynamo, table, retention, Organizations.single(), 1);
    }

    public DynamoCallStore(DynamoDbJsonClient dynamo, String table, Duration retention, Organizations organizations,
                           int shards) {
        this(dynamo, table, () -> RetentionPolicy.uniform(retention.toDays()), () -> organizations, uniform(shards),
                ErasedNumbers::none);
    }

    /** A fixed shard count for every organization. */
    static Supplier<ShardCounts> uniform(int shards) {
        ShardCounts counts = ShardCounts.uniform(shards);
        return () -> counts;
    }

    /**
     * @param organizations the integrations' organizations as they are now (asked at each write; configuration
     *                      that may change while the function runs)
     */
    public DynamoCallStore(DynamoDbJsonClient dynamo, String table, Duration retention,
                           Supplier<Organizations> organizations, Supplier<ShardCounts> shards) {
        this(dynamo, table, () -> RetentionPolicy.uniform(retention.toDays()), organizations, shards,
                ErasedNumbers::none);
    }

    /**
     * @param retention     each organization's and integration's days as they are now (asked at each write)
     * @param organizations the integrations' organizations as they are now
     * @param shards        each organization's index shard count as it is now
     * @param erased        the erasures' number tombstones as they are now (asked at each event)
     */
    private DynamoCallStore(DynamoDbJsonClient dynamo, String table, Supplier<RetentionPolicy> retention,
                            Supplier<Organizations> organizations, Supplier<ShardCounts> shards,
                            Supplier<ErasedNumbers> erased) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.organizations = organizations;
        this.shards = shards;
        this.erased = erased;
    }

    public static DynamoCallStore fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        Organizations organizations = Organizations.fromEnvironment(env);
        return fromEnvironment(dynamo, env, () -> organizations);
    }

    /**
     * The store of {@code env}'s table and retention, with the organizations {@code organizations} gives and each
     * organization's shard count from the config table ({@link ShardCounts#live}, read at first use).
     */
    public static DynamoCallStore fromEnvironment(DynamoDbJsonClient dynamo, Environment env,
                                                  Supplier<Organizations> organizations) {
        RetentionPolicy retention = RetentionPolicy.uniform(retentionDays(env));
        return new DynamoCallStore(dynamo, env.require(TABLE_VARIABLE), () -> retention, organizations,
                liveShards(dynamo, env), ErasedNumbers::none);
    }

    /**
     * The store of a webhook function: organizations, retention per organization and integration, each
     * organization's shard count and the erasures' number tombstones ({@code ErasedNumbers}) as the config table has
     * them now (read at the first event, cached as every setting: no request per event).
     */
    public static DynamoCallStore live(DynamoDbJsonClient dynamo, Environment env, LiveConfig config) {
        return new DynamoCallStore(dynamo, env.require(TABLE_VARIABLE), retention(config, env),
                Organizations.live(config, env), ShardCounts.live(config, env),
                config.parsed(Setting.ERASED_NUMBERS, ErasedNumbers::parse));
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

    /** Each organization's shard count as the config table has it now, over {@code env}'s default. */
    public static Supplier<ShardCounts> liveShards(DynamoDbJsonClient dynamo, Environment env) {
        return ShardCounts.live(DynamoConfigStore.liveConfig(dynamo, env), env);
    }

    /** The default index shard count of {@code env} ({@value #SHARDS_VARIABLE}, default 1). */
    public static int shards(Environment env) {
        return ShardCounts.fallback(env);
    }

    /**
     * One request per event: an {@code UpdateItem}, or, for an event that continues another call of the same
     * integration (a forward or a transfer), one transaction that also links the previous call to this one, so
     * both directions of the link are written together or not at all.
     *
     * <p>An event holding a number erased in its organization (any of its strings, {@link ErasedNumbers#erasedAt})
     * writes nothing for a call first heard of at or before that erasure: when the event itself was received by
     * then, no request is sent; else its write is conditional on the record being absent or first heard of after
     * the erasure (the same request, no read). A call first heard of after the erasure is recorded as any other.
     */
    @Override
    public void apply(CallEvent event) {
        // the configuration as it is now, asked once per event: both writes of a forward agree on it
        String organization = organizations.get().of(event.source());
        int count = shards.get().of(organization);
        ErasedNumbers tombstones = erased.get();
        // an organization without erasures: one map look-up
        Instant erasedAt = tombstones.of(organization).isEmpty() ? null
                : tombstones.erasedAt(organization, strings(event));
        if (erasedAt != null && !event.receivedAt().isAfter(erasedAt)) {
            droppedErased(event);
            return;
        }
        UpdateItemRequest update = erasedAt == null ? updateFor(event, organization, count)
                : firstSeenAfter(updateFor(event, organization, count), erasedAt);
        if (event.previousCallId() == null || event.previousCallId().equals(event.callId())) {
            try {
                dynamo.updateItem(update);
            } catch (ConditionalCheckFailedException e) {
                if (event.type() == EventType.INFERRED_HANGUP) {
                    throw e;
                }
                if (erasedAt != null) {
                    droppedErased(event);
                } else {
                    Log.info("event of an erased call dropped", "callId", CallKeys.of(event.source(),
                            event.callId()));
                }
            }
            return;
        }
        UpdateItemRequest link = linkFor(event, organization, count);
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
     * The organization's {@value CallItemLayout#BY_ORGANIZATION_INDEX} index (without a line) or the line's
     * {@value CallItemLayout#BY_LINE_INDEX} index, merged over their shards: both hold only keys, so the page's records
     * are read by key ({@code BatchGetItem}, eventually consistent) and no other line's call is read for a line.
     */
    @Override
    public Page<CallRecord> recent(String organization, String line, int limit, int maxBytes,
                                   ToIntFunction<CallRecord> size, String token) {
        IntFunction<MergedQuery> keysOf = line == null
                ? n -> organizationQuery(organization, new HashMap<>(Map.of("#p", ORGANIZATION_SHARD)),
                        new HashMap<>(), false, n, LOG_PAGES * shards.get().of(organization), token)
                : n -> lineQuery(organization, line, null, null, n, token);
        MergedQuery query = keysOf.apply(limit);
        List<Map<String, AttributeValue>> keys = query.take(item -> item, limit, Long.MAX_VALUE, item -> 0);
        List<Map<String, AttributeValue>> items = records(dynamo, table, keys);
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
                return new Page<>(calls, tokenAfter(keysOf, taken));
            }
            calls.add(call);
            taken = i + 1;
        }
        return new Page<>(calls, query.token());
    }

    /**
     * Keys first, then records, as {@link #recent}: the organization's or the line's index (both keys only), narrowed
     * to the range by its sort key ({@code firstSeenAt}, a key condition, so calls outside it are never read), read
     * in chunks of at most {@value #BATCH_GET} keys whose records are read by key ({@code BatchGetItem}, eventually
     * consistent) and tested by {@code filter}. A page reads at most {@code maxExamined} keys, so at most
     * {@code ceil(maxExamined / }{@value #BATCH_GET}{@code )} batches of records, and its index requests are bounded
     * as {@link #recent}'s; a page that ends inside a chunk finds its token by reading the index's keys again (keys
     * only) up to its last call examined.
     */
    @Override
    public Page<CallRecord> history(String organization, String line, Instant from, Instant to,
                                    java.util.function.Predicate<CallRecord> filter, int maxExamined, int limit,
                                    int maxBytes, ToIntFunction<CallRecord> size, String token) {
        int count = shards.get().of(organization);
        IntFunction<MergedQuery> keysOf = line == null
                ? n -> {
                    Map<String, String> names = new HashMap<>(Map.of("#p", ORGANIZATION_SHARD));
                    Map<String, AttributeValue> values = new HashMap<>();
                    String condition = rangeCondition("#p = :p", names, values, from, to);
                    return organizationQuery(dynamo, table, count, organization, condition, names, values, false,
                            n, LOG_PAGES * count, token);
                }
                : n -> lineQuery(organization, line, from, to, n, token);
        MergedQuery query = keysOf.apply(Math.min(FILTERED_PAGE, Math.max(limit, maxExamined)));
        List<CallRecord> calls = new ArrayList<>();
        int examined = 0;
        long bytes = 0;
        while (examined < maxExamined) {
            int chunk = Math.min(BATCH_GET, maxExamined - examined);
            List<Map<String, AttributeValue>> keys = query.take(item -> item, chunk, Long.MAX_VALUE, item -> 0);
            if (keys.isEmpty()) {
                break;
            }
            List<Map<String, AttributeValue>> items = records(dynamo, table, keys);
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) == null) {
                    examined++;
                    continue;
                }
                CallRecord call = CallItemLayout.toRecord(items.get(i));
                if (!filter.test(call)) {
                    examined++;
                    continue;
                }
                int callBytes = size.applyAsInt(call);
                if (!calls.isEmpty() && bytes + callBytes > maxBytes) {
                    return new Page<>(calls, tokenAfter(keysOf, examined));
                }
                calls.add(call);
                bytes += callBytes;
                examined++;
                if (calls.size() == limit) {
                    return new Page<>(calls, i == items.size() - 1 ? query.token() : tokenAfter(keysOf, examined));
                }
            }
            if (keys.size() < chunk) {
                break;
            }
        }
        return new Page<>(calls, query.token());
    }

    /** The most keys one filtered index request asks for. */
    static final int FILTERED_PAGE = 300;

    /** The token after the first {@code taken} keys of the index read {@code keysOf} gives, read again. */
    private static String tokenAfter(IntFunction<MergedQuery> keysOf, int taken) {
        MergedQuery again = keysOf.apply(Math.max(taken, 1));
        again.take(item -> item, taken, Long.MAX_VALUE, item -> 0);
        return again.token();
    }

    /** {@code partition} narrowed to {@code firstSeenAt} from {@code from} to {@code to}, when given. */
    private static String rangeCondition(String partition, Map<String, String> names,
                                         Map<String, AttributeValue> values, Instant from, Instant to) {
        if (from == null && to == null) {
            return partition;
        }
        names.put("#t", FIRST_SEEN_AT);
        values.put(":from", time(from == null ? Instant.EPOCH : from));
        values.put(":to", time(to == null ? Instant.ofEpochMilli(253402300799999L) : to));
        return partition + " AND #t BETWEEN :from AND :to";
    }

    private MergedQuery lineQuery(String organization, String line, Instant from, Instant to, int limit,
                                  String token) {
        int shards = this.shards.get().of(organization);
        List<String> partitions = IntStream.range(0, shards)
                .mapToObj(shard -> CallKeys.lineShard(organization, shard, line)).toList();
        Map<String, String> names = new HashMap<>(Map.of("#p", LINE_SHARD));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = rangeCondition("#p = :p", names, values, from, to);
        List<QueryRequest> requests = partitions.stream().map(partition -> {
            Map<String, AttributeValue> shardValues = new HashMap<>(values);
            shardValues.put(":p", AttributeValue.fromS(partition));
            return QueryRequest.builder().tableName(table).indexName(CallItemLayout.BY_LINE_INDEX)
                    .keyConditionExpression(condition).scanIndexForward(false).expressionAttributeNames(names)
                    .expressionAttributeValues(shardValues).build();
        }).toList();
        return new MergedQuery(dynamo, requests, LINE_SHARD, partitions, FIRST_SEEN_AT,
                Set.of(KEY, LINE_SHARD, FIRST_SEEN_AT), limit, LOG_PAGES * shards, token);
    }

    /**
     * The records of index keys of the calls table {@code table}, in the keys' order, eventually consistent;
     * {@code null} for a record gone meanwhile (TTL).
     */
    static List<Map<String, AttributeValue>> records(DynamoDbJsonClient dynamo, String table,
                                                     List<Map<String, AttributeValue>> keys) {
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
     * The keys of one organization's calls on the {@value CallItemLayout#BY_ORGANIZATION_INDEX} index (keys only),
     * every shard merged by {@code firstSeenAt}; {@code names} and {@code values} hold the key condition's
     * placeholders, {@code #p} and {@code :p} are the partition's. The records are read with {@link #records}.
     */
    MergedQuery organizationQuery(String organization, Map<String, String> names, Map<String, AttributeValue> values,
                                  boolean oldestFirst, int pageSize, int maxRequests, String token) {
        return organizationQuery(dynamo, table, shards.get().of(organization), organization, "#p = :p", names,
                values, oldestFirst,
                pageSize, maxRequests, token);
    }

    /** As above, for any reader of the calls table; {@code keyCondition} names {@code #p} and {@code :p}. */
    static MergedQuery organizationQuery(DynamoDbJsonClient dynamo, String table, int shards, String organization,
                                         String keyCondition, Map<String, String> names,
                                         Map<String, AttributeValue> values, boolean oldestFirst,
                                         int pageSize, int maxRequests, String token) {
        List<String> partitions = IntStream.range(0, shards)
                .mapToObj(shard -> CallKeys.organizationShard(organization, shard)).toList();
        List<QueryRequest> requests = partitions.stream().map(partition -> {
            Map<String, AttributeValue> shardValues = new HashMap<>(values);
            shardValues.put(":p", AttributeValue.fromS(partition));
            return QueryRequest.builder().tableName(table).indexName(BY_ORGANIZATION_INDEX)
                    .keyConditionExpression(keyCondition).scanIndexForward(oldestFirst)
                    .expressionAttributeNames(names).expressionAttributeValues(shardValues).build();
        }).toList();
        return new MergedQuery(dynamo, requests, ORGANIZATION_SHARD, partitions, FIRST_SEEN_AT,
                Set.of(KEY, ORGANIZATION_SHARD, FIRST_SEEN_AT), pageSize, maxRequests, token);
    }

    /** One conditional write per call, all in one transaction (at most 100 calls); one call alone, no transaction. */
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
        if (writes.size() == 1) {
            // one call: the same conditional update alone (a transaction of one item costs twice the write units)
            Update update = writes.get(0).update();
            try {
                dynamo.updateItem(b -> b.tableName(update.tableName()).key(update.key())
                        .updateExpression(update.updateExpression()).conditionExpression(update.conditionExpression())
                        .expressionAttributeNames(update.expressionAttributeNames())
                        .expressionAttributeValues(update.expressionAttributeValues()));
            } catch (ConditionalCheckFailedException e) {
                throw new UnknownCallException(update.key().get(KEY).s());
            }
            return;
        }
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
    UpdateItemRequest updateFor(CallEvent event, String organization, int count) {
        UpdateExpression update = recordOf(event, event.callId(), organization, count);
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
            update.setIfAbsent(OVERDUE_SHARD, AttributeValue.fromS(overdueShard(event, organization, count,
                    CallItemLayout.ANSWERED)));
            update.setIfAbsent(QUIET_SINCE, time(event.answeredAt()));
        } else if (event.type() == EventType.NEW_CALL || event.type() == EventType.ANSWER) {
            Instant quiet = event.ringingAt() != null && event.ringingAt().isAfter(event.receivedAt())
                    ? event.ringingAt() : event.receivedAt();
            update.setIfAbsent(OVERDUE_SHARD, AttributeValue.fromS(overdueShard(event, organization, count,
                    CallItemLayout.RINGING)));
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
            AttributeValue queueLine = AttributeValue.fromS(lineShard(event, organization, count, event.queue()));
            update.setIfAbsent(CallItemLayout.QUEUE_LINE, queueLine);
            update.setFrom(LINE_SHARD, CallItemLayout.QUEUE_LINE, queueLine);
        } else if (number != null) {
            update.setIfAbsent(LINE_SHARD, AttributeValue.fromS(lineShard(event, organization, count, number)));
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

    /** Every string of the event a write of it could store (numbers, names, ids, details). */
    private static List<String> strings(CallEvent event) {
        List<String> strings = new ArrayList<>(List.of(event.callId()));
        java.util.Collections.addAll(strings, event.from(), event.to(), event.queue(), event.answeredBy(),
                event.rawCause(), event.previousCallId());
        strings.addAll(event.users());
        strings.addAll(event.attributes().values());
        return strings;
    }

    /**
     * The write only while its call is absent or was first heard of after {@code erasedAt}: the event holds a
     * number erased then, which no call of the erasure's time may get back. A condition on the same request.
     */
    private static UpdateItemRequest firstSeenAfter(UpdateItemRequest request, Instant erasedAt) {
        Map<String, String> names = new HashMap<>(request.expressionAttributeNames());
        names.put("#erasureFirstSeen", FIRST_SEEN_AT);
        Map<String, AttributeValue> values = new HashMap<>(request.expressionAttributeValues());
        values.put(":erasedAt", time(erasedAt));
        return request.toBuilder().conditionExpression("(" + request.conditionExpression()
                        + ") AND (attribute_not_exists(#erasureFirstSeen) OR #erasureFirstSeen > :erasedAt)")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    private static void droppedErased(CallEvent event) {
        Metrics.count(ERASED_DROPPED_METRIC);
        Log.info("event holding an erased number dropped", "callId", CallKeys.of(event.source(), event.callId()),
                "event", event.type().wire());
    }

    /** The previous call's side of a link: a call of the same integration learns which call continues it. */
    UpdateItemRequest linkFor(CallEvent event, String organization, int count) {
        UpdateExpression update = recordOf(event, event.previousCallId(), organization, count);
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
    private UpdateExpression recordOf(CallEvent event, String callId, String organization, int count) {
        UpdateExpression update = new UpdateExpression();
        update.set(SOURCE, AttributeValue.fromS(event.source()));
        update.set(CALL_ID, AttributeValue.fromS(callId));
        update.setIfAbsent(ORGANIZATION_ID, AttributeValue.fromS(organization));
        update.setIfAbsent(ORGANIZATION_SHARD, AttributeValue.fromS(CallKeys.organizationShard(organization,
                CallKeys.shardOf(CallKeys.of(event.source(), callId), count))));
        update.setIfAbsent(FIRST_SEEN_AT, time(event.receivedAt()));
        long expires = event.receivedAt().plus(retention.get().of(organization, event.source()).callsTtl())
                .getEpochSecond();
        update.setIfAbsent(EXPIRES_AT, AttributeValue.fromN(Long.toString(expires)));
        return update;
    }

    /** The line index partition of the event's call on {@code line}. */
    private static String lineShard(CallEvent event, String organization, int count, String line) {
        return CallKeys.lineShard(organization, CallKeys.shardOf(CallKeys.of(event.source(), event.callId()), count),
                line);
    }

    /** The overdue index partition of the event's call in {@code state}. */
    private static String overdueShard(CallEvent event, String organization, int count, String state) {
        return CallKeys.overdueShard(organization,
                CallKeys.shardOf(CallKeys.of(event.source(), event.callId()), count), state);
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
