package io.callhook.store;

import static io.callhook.store.Items.string;

import io.callhook.call.Cause;
import io.callhook.call.MissReason;
import io.callhook.call.MissedCall;
import io.callhook.config.Environment;
import io.callhook.config.ShardCounts;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.CancellationReason;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.DynamoDbException;
import io.callhook.dynamodb.QueryRequest;
import io.callhook.dynamodb.ReturnValuesOnConditionCheckFailure;
import io.callhook.dynamodb.TransactWriteItem;
import io.callhook.dynamodb.TransactionCanceledException;
import io.callhook.dynamodb.Update;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * The missed-calls table, every key led by the organization and a shard ({@code 0} to {@code shards - 1}, taken
 * from the call's key, so a call's entry and count are always in the same shard):
 * <ul>
 *   <li>an entry: {@code pk = line#<org>#<shard>#<line>}, {@code sk = <start millis, 13 digits>#<call id>},
 *       {@code scope = line#<org>#<shard>};</li>
 *   <li>a count: {@code pk = count#<org>#<shard>#<line>}, {@code sk = <yyyy-mm-dd>},
 *       {@code scope = count#<org>#<shard>}.</li>
 *   <li>an organization's change markers: {@code pk = mark#<org>}, {@code sk = m}, {@code version} (a number
 *       raised after each listing, refresh or retraction) and {@code log} (the caller log's: raised with
 *       {@code version}, where that costs nothing, and by the caller-log marker's stream reader once per batch for
 *       every organization whose calls the batch changed, {@link CallLogMarkers}).</li>
 * </ul>
 * Listing and retracting are transactions that move the entry and its count together, conditional on the entry's
 * absence or presence, so a replay is a no-op. The {@code byScope} index answers questions across an organization's
 * lines. Readers query every shard and merge, so the shard count may be raised (never lowered).
 */
public final class DynamoMissedCallStore implements MissedCallStore {

    public static final String TABLE_VARIABLE = "MISSED_CALLS_TABLE";
    public static final String BY_SCOPE_INDEX = "byScope";
    static final String PK = "pk";
    static final String SK = "sk";
    static final String SCOPE = "scope";
    static final String ENTRY = "line#";
    static final String COUNT = "count#";
    static final String MARK = "mark#";
    /** The marker item's numbers: the missed calls' change marker and the caller log's. */
    static final String VERSION = "version";
    static final String LOG = "log";
    /** An entry's reason; a count's per-reason numbers are {@code n_<reason>}. */
    static final String REASON = "reason";
    static final String REASON_COUNT_PREFIX = "n_";
    /** Writes of one entry before giving up: listing, refreshing, and twice more if its reason changed meanwhile. */
    static final int REASON_ATTEMPTS = 4;
    /**
     * Writes of one entry before giving up when other writers hold its items ({@link Contention}): each after a
     * {@link Contention.Backoff} pause; counted apart from the reason races above.
     */
    static final int CONTENDED_ATTEMPTS = 8;
    /** The most requests one list makes per shard; the {@code Limit} of each count request. */
    static final int MAX_REQUESTS = 10;
    static final int COUNT_PAGE = 1000;

    private final DynamoDbJsonClient dynamo;
    private final String table;
    private final Supplier<ShardCounts> shards;
    private final Contention.Backoff backoff;
    private final ChangeMarkers markers;

    public DynamoMissedCallStore(DynamoDbJsonClient dynamo, String table) {
        this(dynamo, table, 1);
    }

    public DynamoMissedCallStore(DynamoDbJsonClient dynamo, String table, int shards) {
        this(dynamo, table, shards, Contention.Backoff.standard());
    }

    /** A store whose contended writes pause with {@code backoff} before each retry. */
    public DynamoMissedCallStore(DynamoDbJsonClient dynamo, String table, int shards, Contention.Backoff backoff) {
        this(dynamo, table, DynamoCallStore.uniform(shards), backoff);
    }

    /** A store with each organization's shard count as {@code shards} has it now. */
    public DynamoMissedCallStore(DynamoDbJsonClient dynamo, String table, Supplier<ShardCounts> shards,
                                 Contention.Backoff backoff) {
        this.dynamo = dynamo;
        this.table = table;
        this.shards = shards;
        this.backoff = backoff;
        this.markers = new ChangeMarkers(dynamo, table);
    }

    public static DynamoMissedCallStore fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return new DynamoMissedCallStore(dynamo, env.require(TABLE_VARIABLE), DynamoCallStore.liveShards(dynamo, env),
                Contention.Backoff.standard());
    }

    /**
     * Lists the entry and counts it (in total and under its reason) in one transaction conditional on the entry's
     * absence. When it is listed already, its attributes are refreshed; if its reason changed, the count moves
     * from the stored reason to the new one in the same transaction, conditional on the stored reason, so a replay
     * or a concurrent change can never count a call twice.
     *
     * <p>A write that fails on the entry's condition (another writer listed, changed or removed it meanwhile) is
     * computed again from the entry as now stored (the failure's old image) and sent again, at most
     * {@value #REASON_ATTEMPTS} times; a contended write ({@link Contention}) is sent again after a backoff pause,
     * at most {@value #CONTENDED_ATTEMPTS} times; then the failure is thrown and the record fails.
     */
    @Override
    public boolean record(MissedCall entry) {
        return record(entry, null);
    }

    @Override
    public boolean record(MissedCall entry, Integer shard) {
        boolean listed = listOrRefresh(entry, shardOf(entry, shard));
        markChanged(entry.organizationId());
        return listed;
    }

    private boolean listOrRefresh(MissedCall entry, int shard) {
        Map<String, AttributeValue> stored = null;
        int raced = 0;
        int contended = 0;
        while (true) {
            try {
                return write(entry, shard, stored != null, stored == null ? null : string(stored, REASON));
            } catch (TransactionCanceledException e) {
                if (entryConditionFailed(e)) {
                    stored = entryConditionFailure(e);
                    if (++raced == REASON_ATTEMPTS) {
                        throw e;
                    }
                } else {
                    contended = pauseOrThrow(e, contended);
                }
            } catch (DynamoDbException e) {
                contended = pauseOrThrow(e, contended);
            }
        }
    }

    /** Pauses before another attempt of a contended write; throws {@code e} if it is not one or the bound is hit. */
    private int pauseOrThrow(DynamoDbException e, int contended) {
        if (!Contention.contended(e) || contended + 1 == CONTENDED_ATTEMPTS) {
            throw e;
        }
        backoff.pause(contended + 1);
        return contended + 1;
    }

    /**
     * Lists an entry that is not listed ({@code listed} false), or writes a listed entry's attributes, conditional
     * on its stored reason {@code was} ({@code null}: an entry written before reasons existed); a changed reason
     * moves the count.
     *
     * @return whether the entry was listed anew
     */
    private boolean write(MissedCall entry, int shard, boolean listed, String was) {
        if (!listed) {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item(entry, shard))
                            .conditionExpression("attribute_not_exists(pk)")
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                            .build(),
                    TransactWriteItem.builder().update(count(entry, shard, 1, Map.of(entry.reason().wire(), 1)))
                            .build()));
            return true;
        }
        String reason = entry.reason().wire();
        Map<String, AttributeValue> item = new HashMap<>(item(entry, shard));
        item.keySet().removeAll(Set.of(PK, SK));
        UpdateExpression update = new UpdateExpression();
        item.forEach(update::set);
        String condition = reasonCondition(update, was);
        TransactWriteItem write = TransactWriteItem.builder().update(u -> u.tableName(table).key(entryKey(entry, shard))
                .updateExpression(update.update()).conditionExpression(condition)
                .expressionAttributeNames(update.names()).expressionAttributeValues(update.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
        if (reason.equals(was)) {
            dynamo.transactWriteItems(b -> b.transactItems(write));
            return false;
        }
        Map<String, Integer> moved = new HashMap<>(Map.of(reason, 1));
        if (was != null) {
            moved.put(was, -1);
        }
        dynamo.transactWriteItems(b -> b.transactItems(write,
                TransactWriteItem.builder().update(count(entry, shard, 0, moved)).build()));
        return false;
    }

    /**
     * Removes the entry and uncounts it, in total and under the reason it is stored with (which the condition
     * checks; a stale reason is corrected from the failed condition's item and tried again, at most
     * {@value #REASON_ATTEMPTS} times). A contended write is sent again after a backoff pause, at most
     * {@value #CONTENDED_ATTEMPTS} times.
     */
    @Override
    public boolean retract(MissedCall entry) {
        return retract(entry, null);
    }

    @Override
    public boolean retract(MissedCall entry, Integer shard) {
        boolean removed = remove(entry, shardOf(entry, shard));
        markChanged(entry.organizationId());
        return removed;
    }

    private boolean remove(MissedCall entry, int shard) {
        String reason = entry.reason().wire();
        int raced = 0;
        int contended = 0;
        while (true) {
            UpdateExpression names = new UpdateExpression();
            String condition = reasonCondition(names, reason);
            Map<String, Integer> reasons = reason == null ? Map.of() : Map.of(reason, -1);
            try {
                dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().delete(d -> d.tableName(table).key(entryKey(entry, shard))
                                .conditionExpression(condition).expressionAttributeNames(names.names())
                                .expressionAttributeValues(names.values().isEmpty() ? null : names.values())
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                                .build(),
                        TransactWriteItem.builder().update(count(entry, shard, -1, reasons)).build()));
                return true;
            } catch (TransactionCanceledException e) {
                if (!entryConditionFailed(e)) {
                    contended = pauseOrThrow(e, contended);
                    continue;
                }
                Map<String, AttributeValue> stored = entryConditionFailure(e);
                if (stored == null) {
                    return false;
                }
                if (++raced == REASON_ATTEMPTS) {
                    throw e;
                }
                reason = string(stored, REASON);
            } catch (DynamoDbException e) {
                contended = pauseOrThrow(e, contended);
            }
        }
    }

    /**
     * Raises the organization's change markers, the missed calls' and the caller log's (a listing, refresh or
     * retraction follows a change of the call's record), in one plain update after the write, so a reader that sees
     * the new marker reads the new entries ({@link ChangeMarkers}). The caller log's number costs nothing here (same
     * item, same write); its own reader raises it for every change of a call anyway ({@link CallLogMarkers}).
     */
    private void markChanged(String organization) {
        markers.raise(markKey(organization), List.of(VERSION, LOG));
    }

    @Override
    public String changeMarker(String organization) {
        return markers.read(markKey(organization), VERSION);
    }

    @Override
    public String callLogMarker(String organization) {
        return markers.read(markKey(organization), LOG);
    }

    @Override
    public void raiseCallLogMarker(String organization) {
        markers.raise(markKey(organization), List.of(LOG));
    }

    private static Map<String, AttributeValue> markKey(String organization) {
        return CallLogMarkers.key(organization);
    }

    /** The entry exists with stored reason {@code reason}; {@code null}: it exists without one. */
    private static String reasonCondition(UpdateExpression update, String reason) {
        String pk = update.name(PK);
        String attribute = update.name(REASON);
        return reason == null ? "attribute_exists(" + pk + ") AND attribute_not_exists(" + attribute + ")"
                : "attribute_exists(" + pk + ") AND " + attribute + " = " + update.value(AttributeValue.fromS(reason));
    }

    @Override
    public Page<MissedCall> entries(String organization, String line, Instant since, Instant until, int limit,
                                    int maxBytes, ToIntFunction<MissedCall> size, String token) {
        Map<String, AttributeValue> values = Map.of(
                ":from", AttributeValue.fromS(millis(since)),
                ":to", AttributeValue.fromS(millis(until)));
        int shards = this.shards.get().of(organization);
        MergedQuery query = line != null
                ? merged(shards, shard -> ENTRY + organization + "#" + shard + "#" + line, null, PK, values, false,
                        limit, token)
                : merged(shards, shard -> ENTRY + organization + "#" + shard, BY_SCOPE_INDEX, SCOPE, values, false,
                        limit, token);
        List<MissedCall> entries = query.take(DynamoMissedCallStore::entry, limit, maxBytes, size);
        return new Page<>(entries, query.token());
    }

    @Override
    public Counts counts(String organization, String line, LocalDate since, LocalDate until, int maxCounts) {
        Map<String, AttributeValue> values = Map.of(
                ":from", AttributeValue.fromS(since.toString()),
                ":to", AttributeValue.fromS(until.toString()));
        int shards = this.shards.get().of(organization);
        MergedQuery query = line != null
                ? merged(shards, shard -> COUNT + organization + "#" + shard + "#" + line, null, PK, values, true,
                        COUNT_PAGE, null)
                : merged(shards, shard -> COUNT + organization + "#" + shard, BY_SCOPE_INDEX, SCOPE, values, true,
                        COUNT_PAGE, null);
        Map<String, Map<String, Long>> byDay = new TreeMap<>();
        Map<String, Map<String, Map<String, Long>>> reasonsByDay = new TreeMap<>();
        int distinct = 0;
        boolean complete = true;
        for (Map<String, AttributeValue> item = query.peek(); item != null; item = query.peek()) {
            String day = item.get("day").s();
            Map<String, Long> lines = byDay.get(day);
            if (lines == null && distinct >= maxCounts) {
                complete = false;
                break;
            }
            query.take();
            lines = byDay.computeIfAbsent(day, d -> new TreeMap<>());
            if (!lines.containsKey(item.get("line").s())) {
                distinct++;
            }
            lines.merge(item.get("line").s(), Long.parseLong(item.get("n").n()), Long::sum);
            Map<String, Long> reasons = reasonsByDay.computeIfAbsent(day, d -> new TreeMap<>())
                    .computeIfAbsent(item.get("line").s(), l -> new TreeMap<>());
            item.forEach((name, value) -> {
                if (name.startsWith(REASON_COUNT_PREFIX)) {
                    reasons.merge(name.substring(REASON_COUNT_PREFIX.length()), Long.parseLong(value.n()), Long::sum);
                }
            });
        }
        if (complete && query.token() != null) {
            complete = false;
        }
        List<DayCount> counts = new ArrayList<>();
        byDay.forEach((day, lines) -> lines.forEach((name, n) -> counts.add(new DayCount(name, LocalDate.parse(day),
                n, nonZero(reasonsByDay.get(day).get(name))))));
        if (!complete && !counts.isEmpty()) {
            // the last day read may be missing some shards' counts: leave it out rather than show it short
            LocalDate last = counts.get(counts.size() - 1).day();
            counts.removeIf(count -> count.day().equals(last));
        }
        counts.sort(Comparator.comparing(DayCount::day).thenComparing(DayCount::line));
        return new Counts(counts, complete);
    }

    private static Map<String, Long> nonZero(Map<String, Long> reasons) {
        Map<String, Long> counted = new TreeMap<>(reasons);
        counted.values().removeIf(n -> n == 0);
        return counted;
    }

    /**
     * Every shard of one list, merged on {@code sk}: of the table (partition key {@code pk}) or of the
     * {@code byScope} index; {@code values} hold {@code :from} and {@code :to}, the sort key's bounds.
     */
    private MergedQuery merged(int shards, IntFunction<String> partition, String index, String partitionAttribute,
                               Map<String, AttributeValue> values, boolean ascending, int pageSize, String token) {
        List<String> partitions = IntStream.range(0, shards).mapToObj(partition).toList();
        List<QueryRequest> requests = partitions.stream().map(p -> {
            Map<String, AttributeValue> shardValues = new HashMap<>(values);
            shardValues.put(":p", AttributeValue.fromS(p));
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).scanIndexForward(ascending)
                    .keyConditionExpression("#p = :p AND sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#p", partitionAttribute))
                    .expressionAttributeValues(shardValues);
            if (index != null) {
                request.indexName(index);
            }
            return request.build();
        }).toList();
        Set<String> key = index == null ? Set.of(PK, SK) : Set.of(PK, SK, partitionAttribute);
        return new MergedQuery(dynamo, requests, partitionAttribute, partitions, SK, key, Math.max(pageSize, 1),
                MAX_REQUESTS * shards, token);
    }

    /** The update of an entry's day count: {@code total} to the total, each reason's delta to its count. */
    private Update count(MissedCall entry, int shard, int total, Map<String, Integer> reasons) {
        UpdateExpression update = new UpdateExpression();
        update.set("line", AttributeValue.fromS(entry.line()));
        update.set("day", AttributeValue.fromS(entry.day().toString()));
        update.set(SCOPE, AttributeValue.fromS(COUNT + entry.organizationId() + "#" + shard));
        if (entry.expiresAt() != null) {
            update.setIfAbsent("expiresAt", AttributeValue.fromN(Long.toString(entry.expiresAt().getEpochSecond())));
        }
        update.add("n", AttributeValue.fromN(Integer.toString(total)));
        new TreeMap<>(reasons).forEach((reason, delta) ->
                update.add(REASON_COUNT_PREFIX + reason, AttributeValue.fromN(Integer.toString(delta))));
        return Update.builder()
                .tableName(table)
                .key(Map.of(PK, AttributeValue.fromS(COUNT + entry.organizationId() + "#" + shard + "#"
                                + entry.line()),
                        SK, AttributeValue.fromS(entry.day().toString())))
                .updateExpression(update.update())
                .expressionAttributeNames(update.names())
                .expressionAttributeValues(update.values())
                .build();
    }

    /**
     * The stored entry when the transaction failed on the entry's condition (the first item): its old image, or
     * {@code null} when there is none (the entry does not exist).
     *
     * @throws TransactionCanceledException {@code e} itself, when it failed for another reason
     */
    private static Map<String, AttributeValue> entryConditionFailure(TransactionCanceledException e) {
        if (!entryConditionFailed(e)) {
            throw e;
        }
        CancellationReason reason = e.cancellationReasons().get(0);
        return reason.hasItem() && !reason.item().isEmpty() ? reason.item() : null;
    }

    private static boolean entryConditionFailed(TransactionCanceledException e) {
        return e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()
                && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code());
    }

    private Map<String, AttributeValue> entryKey(MissedCall entry, int shard) {
        return Map.of(PK, AttributeValue.fromS(ENTRY + entry.organizationId() + "#" + shard + "#"
                        + entry.line()),
                SK, AttributeValue.fromS(millis(entry.startedAt()) + "#" + entry.callId()));
    }

    /**
     * The shard of an entry: {@code shard}, the one its call's record was written to ({@code orgShard}: kept for
     * the call's life, so a later count raise cannot send a refresh or retraction elsewhere), or for a record
     * without one its call key's shard under the organization's count now.
     */
    private int shardOf(MissedCall entry, Integer shard) {
        return shard != null ? shard : CallKeys.shardOf(entry.callId(), shards.get().of(entry.organizationId()));
    }

    private static String millis(Instant instant) {
        return String.format("%013d", Math.max(0, instant.toEpochMilli()));
    }

    Map<String, AttributeValue> item(MissedCall entry) {
        return item(entry, shardOf(entry, null));
    }

    private Map<String, AttributeValue> item(MissedCall entry, int shard) {
        Map<String, AttributeValue> item = new HashMap<>(entryKey(entry, shard));
        item.put(SCOPE, AttributeValue.fromS(ENTRY + entry.organizationId() + "#" + shard));
        item.put("callId", AttributeValue.fromS(entry.callId()));
        item.put("organizationId", AttributeValue.fromS(entry.organizationId()));
        item.put("line", AttributeValue.fromS(entry.line()));
        item.put("day", AttributeValue.fromS(entry.day().toString()));
        putString(item, "from", entry.from());
        putString(item, "to", entry.to());
        if (!entry.users().isEmpty()) {
            item.put("users", AttributeValue.fromSs(List.copyOf(entry.users())));
        }
        item.put("startedAt", CallItemLayout.time(entry.startedAt()));
        if (entry.endedAt() != null) {
            item.put("endedAt", CallItemLayout.time(entry.endedAt()));
        }
        if (entry.waitingSeconds() != null) {
            item.put("waitingSeconds", AttributeValue.fromN(Long.toString(entry.waitingSeconds())));
        }
        item.put("cause", AttributeValue.fromS(entry.cause().wire()));
        item.put(REASON, AttributeValue.fromS(entry.reason().wire()));
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
                string(item, "organizationId"),
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
                        : null,
                MissReason.fromWire(string(item, REASON)));
    }
}
