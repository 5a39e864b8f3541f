package io.callhook.store;

import static io.callhook.store.CallbackItemLayout.ANNOUNCED;
import static io.callhook.store.CallbackItemLayout.APPLIED;
import static io.callhook.store.CallbackItemLayout.CLAIMED_AT;
import static io.callhook.store.CallbackItemLayout.CLOSURE;
import static io.callhook.store.CallbackItemLayout.COMPUTED;
import static io.callhook.store.CallbackItemLayout.FACT;
import static io.callhook.store.CallbackItemLayout.FACT_KEY;
import static io.callhook.store.CallbackItemLayout.HEAD;
import static io.callhook.store.CallbackItemLayout.HOLDER;
import static io.callhook.store.CallbackItemLayout.ITEM;
import static io.callhook.store.CallbackItemLayout.LIST;
import static io.callhook.store.CallbackItemLayout.LIST_AT;
import static io.callhook.store.CallbackItemLayout.MARKS;
import static io.callhook.store.CallbackItemLayout.PK;
import static io.callhook.store.CallbackItemLayout.SK;
import static io.callhook.store.CallbackItemLayout.STATE;
import static io.callhook.store.CallbackItemLayout.ITEM_VERSION;
import static io.callhook.store.CallbackItemLayout.TAIL;
import static io.callhook.store.CallbackItemLayout.TAIL_KEY;
import static io.callhook.store.CallbackItemLayout.TAIL_PENDING;
import static io.callhook.store.CallbackItemLayout.VERSION;

import io.callhook.worklist.CallbackClosure;
import io.callhook.worklist.CallbackFact;
import io.callhook.worklist.CallbackItem;
import io.callhook.worklist.WorklistFromFacts;
import io.callhook.config.Environment;
import io.callhook.config.ShardCounts;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.CancellationReason;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.QueryRequest;
import io.callhook.dynamodb.QueryResponse;
import io.callhook.dynamodb.ReturnValue;
import io.callhook.dynamodb.Select;
import io.callhook.dynamodb.TransactWriteItem;
import io.callhook.dynamodb.TransactionCanceledException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * The callback worklist in DynamoDB ({@link CallbackItemLayout} has the layout).
 *
 * <p>In order (the common case, constant work whatever the number's history): a call's first fact that falls after
 * every point its group holds (the head's tail, {@link WorklistFromFacts.Tail}) changes at most the group's open item,
 * or opens the next one. It is applied with single conditional writes and no transaction: the fact (conditional on
 * its version), the head (conditional on the head's version, which it raises, with the new tail), the one item
 * (conditional on the item version it was computed from), and last the call's index (conditional on the call's
 * version, with the fact the group now holds). A later image of the call with the same fact writes nothing. Any
 * step that finds something else moved falls back to a recomputation, which is exact whatever happened.
 *
 * <p>Otherwise (a fact that changed, moved to another line or number, or arrives after a later one; a closure): the
 * fact and the call index are written in one transaction, conditional on the index's version not having moved;
 * then each touched group is recomputed from its last base before the change ({@link #recompute}: the facts after
 * it read with a consistent query, the items after it by key; the whole partition when there is no such base), its
 * items computed by {@link WorklistFromFacts}, and the changed items written in one transaction with the group head's
 * version checked and raised (and its tail and newest boundaries). A recomputation that lost a race (the head
 * moved, or DynamoDB reports a transaction conflict) reads again. A group's changed items go in one transaction,
 * so at most 98 of them may change at once (one change moves one or two). Claims are single conditional updates
 * on the item; computations never touch them.
 */
public final class DynamoCallbackStore implements CallbackStore {

    public static final String TABLE_VARIABLE = "CALLBACKS_TABLE";
    public static final String BY_LIST_INDEX = "byList";
    /** Sparse: the open items of every line of an organization, by first miss. */
    public static final String OPEN_BY_ORGANIZATION_INDEX = "openItemsByOrganization";
    static final String MARK = "mark#";
    /** How often a write that lost a race reads again before giving up (the stream retries the record then). */
    static final int MAX_ATTEMPTS = 25;
    static final int MAX_REQUESTS = 10;
    /** How many of a group's newest boundaries its head keeps as bases for recomputations. */
    static final int MARKS_KEPT = 8;

    private final DynamoDbJsonClient dynamo;
    private final String table;
    private final Supplier<ShardCounts> shards;
    private final Duration retention;
    /** The pause after a recomputation lost its group to another writer, so a few writers of one group take turns. */
    private final Contention.Backoff backoff = Contention.Backoff.standard();

    public DynamoCallbackStore(DynamoDbJsonClient dynamo, String table, int shards, Duration retention) {
        this(dynamo, table, DynamoCallStore.uniform(shards), retention);
    }

    /** As above, with each organization's shard count as {@code shards} has it now. */
    public DynamoCallbackStore(DynamoDbJsonClient dynamo, String table, Supplier<ShardCounts> shards,
                               Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.shards = shards;
        this.retention = retention;
    }

    public static DynamoCallbackStore fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return new DynamoCallbackStore(dynamo, env.require(TABLE_VARIABLE), DynamoCallStore.liveShards(dynamo, env),
                Duration.ofDays(env.optionalLong(DynamoCallStore.RETENTION_VARIABLE,
                        DynamoCallStore.DEFAULT_RETENTION_DAYS)));
    }

    @Override
    public List<Entry> record(String organizationId, String callKey, String version, Optional<CallbackFact> fact,
                              Instant expiresAt) {
        Map<String, AttributeValue> indexKey = CallbackItemLayout.callKey(organizationId, callKey);
        String group = fact.map(f -> CallbackItemLayout.Group.of(f).pk()).orElse(null);
        String applied = applied(version);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> index = dynamo.getItem(b -> b.tableName(table).key(indexKey)
                    .consistentRead(true)).item();
            String stored = index == null ? null : Items.string(index, VERSION);
            String storedGroup = index == null ? null : Items.string(index, "group");
            if (stored != null && stored.compareTo(version) >= 0) {
                // this version or a newer one is stored: finish what its writer may not have (recompute both groups)
                return stored.equals(version) ? recompute(storedGroup, Items.string(index, "previousGroup"))
                        : List.of();
            }
            if (index != null && applied.equals(Items.string(index, APPLIED)) && Objects.equals(group, storedGroup)) {
                // The group holds this very fact already, so nothing is written (a later image of an answered call,
                // its hang-up, costs reads only). The stored version stays older than this image: an image between
                // the two would count if it came late, but a call's fact never returns to an earlier value (each
                // attribute it depends on changes at most once, one way), so such an image has this fact as well.
                return List.of();
            }
            if (fact.isEmpty() && storedGroup == null) {
                // no fact now, none stored: only the version is kept (an older image with a fact must not count)
                if (storeIndex(indexKey, stored, version, null, null, applied, expiresAt)) {
                    return List.of();
                }
                continue;
            }
            if (fact.isPresent() && storedGroup == null) {
                Optional<List<Entry>> inOrder = appendInOrder(CallbackItemLayout.Group.of(fact.get()), fact.get(),
                        version);
                if (inOrder.isPresent()) {
                    if (storeIndex(indexKey, stored, version, group, CallbackItemLayout.factKey(fact.get()), applied,
                            expiresAt)) {
                        return inOrder.get();
                    }
                    continue;
                }
            }
            List<TransactWriteItem> writes = new ArrayList<>();
            Map<String, AttributeValue> newIndex = new HashMap<>(indexKey);
            newIndex.put(VERSION, AttributeValue.fromS(version));
            putIfPresent(newIndex, "group", group);
            String previous = storedGroup != null && !storedGroup.equals(group) ? storedGroup : null;
            putIfPresent(newIndex, "previousGroup", previous);
            String factKey = fact.map(CallbackItemLayout::factKey).orElse(null);
            putIfPresent(newIndex, FACT_KEY, factKey);
            String storedFactKey = storedGroup == null ? null
                    : index.containsKey(FACT_KEY) ? Items.string(index, FACT_KEY) : FACT + callKey;
            if (expiresAt != null) {
                newIndex.put(CallbackItemLayout.EXPIRES_AT, AttributeValue.fromN(Long.toString(
                        expiresAt.getEpochSecond())));
            }
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(newIndex)
                    .conditionExpression(stored == null ? "attribute_not_exists(pk)" : "ver = :v")
                    .expressionAttributeValues(stored == null ? null : Map.of(":v", AttributeValue.fromS(stored))))
                    .build());
            if (storedGroup != null && !(storedGroup.equals(group) && storedFactKey.equals(factKey))) {
                // the fact moved (another line or number, or another call time): the old one goes
                writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                        .key(CallbackItemLayout.key(storedGroup, storedFactKey)))
                        .build());
            }
            fact.ifPresent(f -> writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                    .item(CallbackItemLayout.fact(CallbackItemLayout.Group.of(f), f, version))).build()));
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
            } catch (TransactionCanceledException e) {
                if (!conditionFailed(e, 0) && !conflicted(e)) {
                    throw e;
                }
                continue;
            }
            String newOrder = fact.map(WorklistFromFacts::order).orElse(null);
            String oldOrder = storedGroup == null || !index.containsKey(FACT_KEY) ? null
                    : storedFactKey.substring(FACT.length());
            List<Entry> pending = new ArrayList<>();
            if (group != null) {
                // from the earlier of the fact's new and old place (an index from before fact keys: everything)
                String lo = !group.equals(storedGroup) ? newOrder
                        : oldOrder == null ? null : min(newOrder, oldOrder);
                pending.addAll(recompute(CallbackItemLayout.Group.parse(group), null, null, lo));
            }
            if (previous != null) {
                pending.addAll(recompute(CallbackItemLayout.Group.parse(previous), null, null, oldOrder));
            }
            // the groups hold this fact now: a later image with the same fact needs nothing written
            try {
                dynamo.updateItem(b -> b.tableName(table).key(indexKey).updateExpression("SET #f = :f")
                        .conditionExpression("ver = :v").expressionAttributeNames(Map.of("#f", APPLIED))
                        .expressionAttributeValues(Map.of(":f", AttributeValue.fromS(applied),
                                ":v", AttributeValue.fromS(version))));
            } catch (ConditionalCheckFailedException e) {
                // a newer version is stored meanwhile; its writer records what it applied
            }
            return pending;
        }
        throw new IllegalStateException("the call index of " + callKey + " kept changing; the record is retried");
    }

    /** What a version says the call means for the worklist (its fact, or none), without the call's own counts. */
    private static String applied(String version) {
        int bar = version.indexOf('|');
        return bar < 0 ? version : version.substring(bar + 1);
    }

    /** Writes the call index after its group took the fact; false if the index moved meanwhile. */
    private boolean storeIndex(Map<String, AttributeValue> indexKey, String stored, String version, String group,
                               String factKey, String applied, Instant expiresAt) {
        Map<String, AttributeValue> newIndex = new HashMap<>(indexKey);
        newIndex.put(VERSION, AttributeValue.fromS(version));
        putIfPresent(newIndex, "group", group);
        newIndex.put(APPLIED, AttributeValue.fromS(applied));
        putIfPresent(newIndex, FACT_KEY, factKey);
        if (expiresAt != null) {
            newIndex.put(CallbackItemLayout.EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond(
                    ))));
        }
        try {
            dynamo.putItem(b -> b.tableName(table).item(newIndex)
                    .conditionExpression(stored == null ? "attribute_not_exists(pk)" : "ver = :v")
                    .expressionAttributeValues(stored == null ? null : Map.of(":v", AttributeValue.fromS(stored))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Applies a call's first fact that falls after every point of its group without reading the group's history:
     * the fact, and when it changes the open item (a miss, or a connect or attempt while an item is open) the head
     * and that item, each with a single conditional write. Empty when the fact is not in order (a closure or a fact
     * after it, or the head predates tails): the caller recomputes instead. If a newer fact turned up meanwhile or
     * the item moved between its read and its write, the group is recomputed here (the fact is stored by then).
     *
     * <p>A connect or attempt with no open item writes no head: a miss before it that opened an item concurrently
     * wrote the head after this fact was stored (else this fact would have seen it open), and every head writer
     * looks for a newer fact after its head write, so that miss is recomputed with this fact.
     */
    private Optional<List<Entry>> appendInOrder(CallbackItemLayout.Group group, CallbackFact fact, String version) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(CallbackItemLayout.fact(group, fact, version))
                    .conditionExpression("attribute_not_exists(ver) OR ver <= :v")
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(version))));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
        Map<String, AttributeValue> head = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(CallbackItemLayout.key(group.pk(), HEAD))).item();
        boolean fresh = head == null || head.isEmpty();
        if (!fresh && (!head.containsKey(TAIL) || !head.containsKey(MARKS))) {
            return Optional.empty();
        }
        List<WorklistFromFacts.Base> marks = fresh ? List.of() : marks(head);
        String point = WorklistFromFacts.order(fact);
        if (!fresh && point.compareTo(Items.string(head, TAIL)) <= 0 || newerFact(group, fact)) {
            return Optional.empty();
        }
        String key = fresh ? WorklistFromFacts.FIRST_KEY : Items.string(head, TAIL_KEY);
        boolean pending = !fresh && head.get(TAIL_PENDING).bool();
        if (!pending && fact.kind() != CallbackFact.Kind.MISS) {
            // no open item: this fact changes no item (a miss before it that is heard later is recomputed)
            return Optional.of(List.of());
        }
        Long version0 = fresh ? null : Long.parseLong(head.get(VERSION).n());
        Map<String, AttributeValue> stored = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(CallbackItemLayout.key(group.pk(), ITEM + key))).item();
        if (stored != null && stored.isEmpty()) {
            stored = null;
        }
        CallbackItem current = stored == null ? null : CallbackItemLayout.item(stored);
        if (pending && (current == null || current.state() != CallbackItem.State.OPEN)) {
            return Optional.empty();
        }
        if (!pending && current != null && current.state() != CallbackItem.State.RETRACTED) {
            return Optional.empty();
        }
        CallbackItem next;
        String nextKey = key;
        boolean nextPending = true;
        String tail = fresh ? point : Items.string(head, TAIL);
        switch (fact.kind()) {
            case MISS -> {
                CallbackItem.Miss miss = new CallbackItem.Miss(fact.callId(), fact.at());
                next = pending ? current.withMiss(miss, fact.expiresAt())
                        : CallbackItem.of(group.organizationId(), group.line(), group.subject(), key,
                                CallbackItem.State.OPEN, List.of(miss), 0, null, null, null, fact.expiresAt());
                tail = point;
            }
            case ATTEMPT -> next = current.withAttempt(fact.at());
            default -> {
                next = current.resolved(WorklistFromFacts.resolution(fact, current.firstMissedAt()));
                nextKey = "c" + fact.callId();
                nextPending = false;
                tail = point;
                List<WorklistFromFacts.Base> more = new ArrayList<>(marks);
                more.add(new WorklistFromFacts.Base(point, nextKey));
                marks = newest(more);
            }
        }
        long headVersion = version0 == null ? 1 : version0 + 1;
        Map<String, AttributeValue> newHead = head(group, headVersion, tail, nextKey, nextPending, marks);
        try {
            dynamo.putItem(b -> b.tableName(table).item(newHead)
                    .conditionExpression(version0 == null ? "attribute_not_exists(pk)" : "ver = :v")
                    .expressionAttributeValues(version0 == null ? null
                            : Map.of(":v", AttributeValue.fromN(Long.toString(version0)))));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
        if (newerFact(group, fact)) {
            // a fact after this one was stored meanwhile (it may have seen no open item): recompute with it
            return Optional.of(recompute(group, null, null, point));
        }
        try {
            itemWrite(group, next, headVersion, stored == null ? null : stored.get(ITEM_VERSION));
            markChanged(group.organizationId());
        } catch (ConditionalCheckFailedException e) {
            return Optional.of(recompute(group, null, null, point));
        }
        Entry entry = stored == null ? new Entry(next, null, null, null)
                : new Entry(next, Items.string(stored, HOLDER), Items.time(stored, CLAIMED_AT),
                        Items.string(stored, ANNOUNCED));
        return Optional.of(next.state().wire().equals(entry.announced()) ? List.of() : List.of(entry));
    }

    /** Whether the group holds a fact after {@code fact} (facts sort by call time; one consistent read). */
    private boolean newerFact(CallbackItemLayout.Group group, CallbackFact fact) {
        String mine = CallbackItemLayout.factKey(fact);
        // from this fact (stored already) to the end of the facts ("f$" follows every "f#..."): any other is newer
        return dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :mine AND :end")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(group.pk()),
                                ":mine", AttributeValue.fromS(mine), ":end", AttributeValue.fromS("f$")))
                        .projectionExpression("sk").limit(2).build())
                .items().stream().anyMatch(item -> !mine.equals(item.get(SK).s()));
    }

    private Map<String, AttributeValue> head(CallbackItemLayout.Group group, long version, String tail, String key,
                                             boolean pending, List<WorklistFromFacts.Base> marks) {
        Map<String, AttributeValue> head = new HashMap<>(CallbackItemLayout.key(group.pk(), HEAD));
        head.put(VERSION, AttributeValue.fromN(Long.toString(version)));
        head.put(TAIL, AttributeValue.fromS(tail));
        head.put(TAIL_KEY, AttributeValue.fromS(key));
        head.put(TAIL_PENDING, AttributeValue.fromBool(pending));
        head.put(MARKS, AttributeValue.fromL(marks.stream()
                .map(mark -> AttributeValue.fromS((mark.key().startsWith("x") ? "x" : "c") + mark.order()))
                .toList()));
        return head;
    }

    /** The boundaries a head keeps ({@link CallbackItemLayout#MARKS}), oldest first. */
    private static List<WorklistFromFacts.Base> marks(Map<String, AttributeValue> head) {
        return head.get(MARKS).l().stream().map(AttributeValue::s).map(mark -> {
            String order = mark.substring(1);
            String tie = order.substring(order.indexOf('#') + 1);
            return new WorklistFromFacts.Base(order, mark.charAt(0) == 'c' ? "c" + tie : tie);
        }).toList();
    }

    /** The newest {@value #MARKS_KEPT} of {@code marks} (oldest first). */
    private static List<WorklistFromFacts.Base> newest(List<WorklistFromFacts.Base> marks) {
        return List.copyOf(marks.subList(Math.max(0, marks.size() - MARKS_KEPT), marks.size()));
    }

    private static String min(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private List<Entry> recompute(String... groups) {
        List<Entry> pending = new ArrayList<>();
        for (String group : new LinkedHashSet<>(java.util.Arrays.asList(groups))) {
            if (group != null) {
                pending.addAll(recompute(CallbackItemLayout.Group.parse(group), null, null, null));
            }
        }
        return pending;
    }

    /**
     * Recomputes one group's items from its stored facts and writes what changed, the head's version checked and
     * raised; with {@code closure}, stores that closure too, in the same transaction, only while {@code guard}
     * holds for the closed item.
     *
     * <p>{@code lo} is the earliest place ({@link WorklistFromFacts#order}) where the group's points changed (a fact's
     * new or old place, a closure's), or {@code null} if not known. With it the recomputation starts from the group's
     * last {@link WorklistFromFacts.Base} before it (the head's tail when nothing is pending there, or one of the
     * boundaries the head keeps, {@link CallbackItemLayout#MARKS}): it reads the facts after that base, the closures of
     * the boundaries after it and the items of the keys after it, by key, and nothing before it, which the change
     * cannot have touched. Without a base before {@code lo} (or without {@code lo}) it reads the whole partition.
     * A write that loses the group to another writer (the head's version moved, or a transaction conflict) is read
     * and computed again after a {@link Contention.Backoff#standard()} pause, at most {@value #MAX_ATTEMPTS} times.
     */
    private List<Entry> recompute(CallbackItemLayout.Group group, CallbackClosure closure, ItemGuard guard, String lo) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Partition partition = lo == null ? null : window(group, lo);
            if (partition == null) {
                partition = read(group);
            }
            List<CallbackClosure> closures = new ArrayList<>(partition.closures);
            Map<String, CallbackClosure> closed = new HashMap<>(partition.closed);
            if (closure != null) {
                closures.add(closure);
                closed.putIfAbsent(closure.itemKey(), closure);
            }
            WorklistFromFacts.Run run = WorklistFromFacts.run(group.organizationId(), group.line(), group.subject(),
                    partition.base.key(), partition.facts, closures, closed);
            if (partition.windowed) {
                // items (and their closures) of keys the run made that the window did not read yet
                Set<String> unread = new LinkedHashSet<>();
                run.items().forEach(item -> unread.add(item.key()));
                unread.removeAll(partition.read);
                if (!unread.isEmpty()) {
                    boolean closedMore = false;
                    for (Map<String, AttributeValue> item : byKey(group, unread)) {
                        String sk = item.get(SK).s();
                        if (sk.startsWith(ITEM)) {
                            partition.items.put(sk.substring(ITEM.length()), item);
                        } else {
                            CallbackClosure more = CallbackItemLayout.closure(item);
                            closedMore |= closed.putIfAbsent(more.itemKey(), more) == null;
                        }
                    }
                    if (closedMore) {
                        run = WorklistFromFacts.run(group.organizationId(), group.line(), group.subject(),
                                partition.base.key(), partition.facts, closures, closed);
                    }
                }
            }
            List<CallbackItem> computed = new ArrayList<>(run.items());
            Set<String> keys = new LinkedHashSet<>();
            computed.forEach(item -> keys.add(item.key()));
            partition.items.forEach((key, stored) -> {
                CallbackItem item = CallbackItemLayout.item(stored);
                if (!keys.contains(key)) {
                    computed.add(item.withState(CallbackItem.State.RETRACTED));
                }
            });
            WorklistFromFacts.Tail tail = run.tail() != null || partition.base.order() == null ? run.tail()
                    : new WorklistFromFacts.Tail(partition.base.order(), partition.base.key(), false);
            List<WorklistFromFacts.Base> marks = new ArrayList<>(partition.marks);
            marks.addAll(run.boundaries());
            List<TransactWriteItem> writes = new ArrayList<>();
            long headVersion = partition.version == null ? 1 : partition.version + 1;
            writes.add(headWrite(group, partition.version, tail, newest(marks)));
            if (closure != null) {
                writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                        .item(CallbackItemLayout.closure(group, closure, closure.at().plus(retention)))
                        .conditionExpression("attribute_not_exists(pk)")).build());
            }
            List<Entry> pending = new ArrayList<>();
            int guardIndex = -1;
            for (CallbackItem item : computed) {
                Map<String, AttributeValue> stored = partition.items.get(item.key());
                boolean guarded = guard != null && guard.key.equals(item.key());
                if (stored == null || !CallbackItemLayout.item(stored).equals(item) || guarded) {
                    guardIndex = guarded ? writes.size() : guardIndex;
                    writes.add(itemWrite(group, item, guarded ? guard : null, headVersion));
                }
                Entry entry = stored == null ? new Entry(item, null, null, null)
                        : new Entry(item, Items.string(stored, HOLDER), Items.time(stored, CLAIMED_AT),
                                Items.string(stored, ANNOUNCED));
                // a retracted item nobody was told of stays untold
                if (!item.state().wire().equals(entry.announced())
                        && !(entry.announced() == null && item.state() == CallbackItem.State.RETRACTED)) {
                    pending.add(entry);
                }
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                if (writes.size() > (closure == null ? 1 : 2)) {
                    markChanged(group.organizationId());
                }
                return pending;
            } catch (TransactionCanceledException e) {
                if (closure != null && conditionFailed(e, 1)) {
                    throw e;
                }
                if (guardIndex >= 0 && conditionFailed(e, guardIndex)) {
                    throw guard.refusal();
                }
                if (!conditionFailed(e, 0) && !conflicted(e)) {
                    throw e;
                }
            }
            backoff.pause(attempt + 1);
        }
        throw new IllegalStateException("the worklist of a line and number kept changing; try again");
    }

    /**
     * What a recomputation reads of a group: the head's version, the base it starts from and the boundaries before
     * it ({@code marks}, kept), the facts and closures after it, the closure of each closed key it knows, and the
     * stored items it read (all of them, or in a window those of {@code read} keys).
     */
    private record Partition(Long version, WorklistFromFacts.Base base, List<WorklistFromFacts.Base> marks,
                             List<CallbackFact> facts, List<CallbackClosure> closures,
                             Map<String, CallbackClosure> closed, Map<String, Map<String, AttributeValue>> items,
                             boolean windowed, Set<String> read) {
    }

    /**
     * The part of a group after its last base before {@code lo} (the start, when the head keeps every boundary
     * there is), or {@code null} when there is none (a head from before marks, the change before the oldest boundary
     * kept, or a closure of a boundary gone).
     */
    private Partition window(CallbackItemLayout.Group group, String lo) {
        Map<String, AttributeValue> head = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(CallbackItemLayout.key(group.pk(), HEAD))).item();
        if (head == null || !head.containsKey(TAIL) || !head.containsKey(MARKS)) {
            return null;
        }
        long version = Long.parseLong(head.get(VERSION).n());
        List<WorklistFromFacts.Base> marks = marks(head);
        String tail = Items.string(head, TAIL);
        WorklistFromFacts.Base base = null;
        List<WorklistFromFacts.Base> before = marks;
        List<WorklistFromFacts.Base> after = List.of();
        if (!head.get(TAIL_PENDING).bool() && tail.compareTo(lo) < 0) {
            // nothing pending at the tail, and nothing after it but connects and attempts with no item open
            base = new WorklistFromFacts.Base(tail, Items.string(head, TAIL_KEY));
        } else {
            for (int i = marks.size() - 1; i >= 0 && base == null; i--) {
                if (marks.get(i).order().compareTo(lo) < 0) {
                    base = marks.get(i);
                    before = marks.subList(0, i + 1);
                    after = marks.subList(i + 1, marks.size());
                }
            }
        }
        if (base == null && marks.size() < MARKS_KEPT) {
            // the head keeps every boundary there is: the start is the base
            base = WorklistFromFacts.Base.START;
            before = List.of();
            after = marks;
        }
        if (base == null) {
            return null;
        }
        String from = base.order() == null ? FACT : FACT + base.order();
        List<CallbackFact> facts = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :end")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(group.pk()),
                        ":from", AttributeValue.fromS(from), ":end", AttributeValue.fromS("f$")))).items()) {
            if (!item.get(SK).s().equals(from)) {
                facts.add(CallbackItemLayout.fact(group, item));
            }
        }
        // the keys of the items after the base as they stand: the base's and each later boundary's
        Set<String> keys = new LinkedHashSet<>();
        keys.add(base.key());
        after.forEach(mark -> keys.add(mark.key()));
        Set<String> closedKeys = new LinkedHashSet<>(keys);
        after.stream().filter(mark -> mark.key().startsWith("x")).forEach(mark -> closedKeys.add(
                mark.key().substring(1)));
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        Map<String, CallbackClosure> closed = new HashMap<>();
        for (Map<String, AttributeValue> item : byKey(group, keys, closedKeys)) {
            String sk = item.get(SK).s();
            if (sk.startsWith(ITEM)) {
                items.put(sk.substring(ITEM.length()), item);
            } else {
                CallbackClosure closure = CallbackItemLayout.closure(item);
                closed.put(closure.itemKey(), closure);
            }
        }
        List<CallbackClosure> closures = new ArrayList<>();
        for (WorklistFromFacts.Base mark : after) {
            if (mark.key().startsWith("x")) {
                CallbackClosure closure = closed.get(mark.key().substring(1));
                if (closure == null || !WorklistFromFacts.order(closure.at(), closure.nextKey()).equals(mark.order())) {
                    return null;
                }
                closures.add(closure);
            }
        }
        return new Partition(version, base, List.copyOf(before), facts, closures, closed, items, true,
                new LinkedHashSet<>(keys));
    }

    /** The stored items of {@code keys} and the closures of {@code keys}, one consistent read by key. */
    private List<Map<String, AttributeValue>> byKey(CallbackItemLayout.Group group, Set<String> keys) {
        return byKey(group, keys, keys);
    }

    private List<Map<String, AttributeValue>> byKey(CallbackItemLayout.Group group, Set<String> itemKeys,
                                                    Set<String> closureKeys) {
        List<Map<String, AttributeValue>> wanted = new ArrayList<>();
        itemKeys.forEach(key -> wanted.add(CallbackItemLayout.key(group.pk(), ITEM + key)));
        closureKeys.forEach(key -> wanted.add(CallbackItemLayout.key(group.pk(), CLOSURE + key)));
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int from = 0; from < wanted.size(); from += DynamoCallStore.BATCH_GET) {
            found.addAll(dynamo.batchGetItems(table, wanted.subList(from,
                    Math.min(wanted.size(), from + DynamoCallStore.BATCH_GET)), true));
        }
        return found;
    }

    private Partition read(CallbackItemLayout.Group group) {
        Long version = null;
        List<CallbackFact> facts = new ArrayList<>();
        List<CallbackClosure> closures = new ArrayList<>();
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(group.pk())))).items()) {
            String sk = item.get(SK).s();
            if (sk.equals(HEAD)) {
                version = Long.parseLong(item.get(VERSION).n());
            } else if (sk.startsWith(FACT)) {
                facts.add(CallbackItemLayout.fact(group, item));
            } else if (sk.startsWith(CLOSURE)) {
                closures.add(CallbackItemLayout.closure(item));
            } else if (sk.startsWith(ITEM)) {
                items.put(sk.substring(ITEM.length()), item);
            }
        }
        return new Partition(version, WorklistFromFacts.Base.START, List.of(), facts, closures,
                WorklistFromFacts.closed(closures), items, false, items.keySet());
    }

    /** The head's version raised from {@code version} (null: no head yet), with the group's new tail. */
    private TransactWriteItem headWrite(CallbackItemLayout.Group group, Long version, WorklistFromFacts.Tail tail,
                                        List<WorklistFromFacts.Base> marks) {
        Map<String, AttributeValue> head = tail == null
                ? new HashMap<>(CallbackItemLayout.key(group.pk(), HEAD))
                : head(group, 0, tail.at(), tail.key(), tail.pending(), marks);
        head.put(VERSION, AttributeValue.fromN(Long.toString(version == null ? 1 : version + 1)));
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(head)
                .conditionExpression(version == null ? "attribute_not_exists(pk)" : "ver = :v")
                .expressionAttributeValues(version == null ? null
                        : Map.of(":v", AttributeValue.fromN(Long.toString(version))))).build();
    }

    /** An item's computed attributes set (or removed), and its version set to the head's {@code version}. */
    private TransactWriteItem itemWrite(CallbackItemLayout.Group group, CallbackItem item, ItemGuard guard,
                                        long version) {
        UpdateExpression update = update(item, version);
        String condition = guard == null ? null : guard.condition(update);
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(CallbackItemLayout.key(group.pk(), ITEM + item.key()))
                .updateExpression(update.update()).conditionExpression(condition)
                .expressionAttributeNames(update.names()).expressionAttributeValues(update.values())).build();
    }

    /** As {@link #itemWrite}, alone, made only if the item's version is still {@code read} (null: it has none). */
    private void itemWrite(CallbackItemLayout.Group group, CallbackItem item, long version, AttributeValue read) {
        UpdateExpression update = update(item, version);
        String itemVersion = update.name(ITEM_VERSION);
        String condition = read == null ? "attribute_not_exists(" + itemVersion + ")"
                : itemVersion + " = " + update.value(read);
        dynamo.updateItem(b -> b.tableName(table).key(CallbackItemLayout.key(group.pk(), ITEM + item.key()))
                .updateExpression(update.update()).conditionExpression(condition)
                .expressionAttributeNames(update.names()).expressionAttributeValues(update.values()));
    }

    private UpdateExpression update(CallbackItem item, long version) {
        UpdateExpression update = new UpdateExpression();
        Map<String, AttributeValue> computed = CallbackItemLayout.computed(item,
                shards.get().of(item.organizationId()));
        for (String attribute : COMPUTED) {
            AttributeValue value = computed.get(attribute);
            if (value != null) {
                update.set(attribute, value);
            } else {
                update.remove(attribute);
            }
        }
        update.set(ITEM_VERSION, AttributeValue.fromN(Long.toString(version)));
        return update;
    }

    /** A condition the closed item must meet for a closure to be stored; its refusal when it does not. */
    private final class ItemGuard {
        final String organizationId;
        final String itemId;
        final String key;
        final String agentId;

        ItemGuard(String organizationId, String itemId, String key, String agentId) {
            this.organizationId = organizationId;
            this.itemId = itemId;
            this.key = key;
            this.agentId = agentId;
        }

        String condition(UpdateExpression update) {
            String holder = update.name(HOLDER);
            return "attribute_exists(pk) AND " + update.name(STATE) + " = " + update.value(AttributeValue.fromS(
                    CallbackItem.State.OPEN.wire())) + " AND (attribute_not_exists(" + holder + ") OR " + holder
                    + " = " + update.value(AttributeValue.fromS(agentId)) + ")";
        }

        RuntimeException refusal() {
            return conflictOf(organizationId, itemId, agentId);
        }
    }

    @Override
    public void announced(Entry entry) {
        CallbackItem item = entry.item();
        try {
            dynamo.updateItem(b -> b.tableName(table).key(itemKey(item))
                    .updateExpression("SET announced = :s").conditionExpression("#state = :s")
                    .expressionAttributeNames(Map.of("#state", STATE))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(item.state().wire()))));
        } catch (ConditionalCheckFailedException e) {
            // the item moved on meanwhile: its new state is announced by whoever moved it
        }
    }

    private static Map<String, AttributeValue> itemKey(CallbackItem item) {
        return CallbackItemLayout.key(new CallbackItemLayout.Group(item.organizationId(), item.line(), item.subject(
                )).pk(),
                ITEM + item.key());
    }

    @Override
    public Optional<Entry> item(String organizationId, String itemId) {
        return stored(organizationId, itemId).map(CallbackItemLayout::entry);
    }

    private Optional<Map<String, AttributeValue>> stored(String organizationId, String itemId) {
        Optional<CallbackItem.Ref> ref = itemId == null ? Optional.empty() : CallbackItem.parseId(itemId);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(keyOf(organizationId, ref.get()))).item();
        if (item == null || item.isEmpty()
                || CallbackItem.State.RETRACTED.wire().equals(Items.string(item, STATE))) {
            return Optional.empty();
        }
        return Optional.of(item);
    }

    private static Map<String, AttributeValue> keyOf(String organizationId, CallbackItem.Ref ref) {
        return CallbackItemLayout.key(new CallbackItemLayout.Group(organizationId, ref.line(), ref.subject()).pk(),
                ITEM + ref.key());
    }

    @Override
    public Page<Entry> open(String organizationId, String line, int limit, int maxBytes, ToIntFunction<Entry> size,
                            String token) {
        int shards = this.shards.get().of(organizationId);
        List<String> partitions = IntStream.range(0, shards)
                .mapToObj(shard -> CallbackItemLayout.openList(organizationId, shard, line)).toList();
        List<QueryRequest> requests = partitions.stream().map(p -> QueryRequest.builder().tableName(table)
                .indexName(BY_LIST_INDEX).keyConditionExpression("#l = :l").scanIndexForward(true)
                .expressionAttributeNames(Map.of("#l", LIST))
                .expressionAttributeValues(Map.of(":l", AttributeValue.fromS(p))).build()).toList();
        MergedQuery query = new MergedQuery(dynamo, requests, LIST, partitions, LIST_AT, Set.of(PK, SK, LIST, LIST_AT),
                Math.max(limit, 1), MAX_REQUESTS * shards, token);
        List<Entry> entries = query.take(CallbackItemLayout::entry, limit, maxBytes, size);
        return new Page<>(entries, query.token());
    }

    @Override
    public Page<Entry> open(String organizationId, String line, java.util.function.Predicate<Entry> filter,
                            int maxExamined, int limit, int maxBytes, ToIntFunction<Entry> size, String token) {
        int shards = this.shards.get().of(organizationId);
        if (line != null) {
            List<String> partitions = IntStream.range(0, shards)
                    .mapToObj(shard -> CallbackItemLayout.openList(organizationId, shard, line)).toList();
            MergedQuery query = new MergedQuery(dynamo, listRequests(BY_LIST_INDEX, LIST, partitions), LIST,
                    partitions, LIST_AT, Set.of(PK, SK, LIST, LIST_AT), Math.max(limit, 1), MAX_REQUESTS * shards,
                    token);
            return new Page<>(query.takeMatching(CallbackItemLayout::entry, filter, limit, maxBytes, size, maxExamined),
                    query.token());
        }
        return openOfEveryLine(organizationId, shards, filter, maxExamined, limit, maxBytes, size, token);
    }

    /**
     * Every line's open items: keys first from {@value #OPEN_BY_ORGANIZATION_INDEX} (keys only, so an item's
     * changes while open never rewrite the index), then the items by key ({@code BatchGetItem}, eventually
     * consistent, at most {@value DynamoCallStore#BATCH_GET} a request), tested by {@code filter}; an item no longer
     * open when read is left out. A page examines at most {@code maxExamined} keys; one that ends inside a chunk
     * finds its token by reading the index's keys again (keys only) up to its last item examined.
     */
    private Page<Entry> openOfEveryLine(String organizationId, int shards, java.util.function.Predicate<Entry> filter,
                                        int maxExamined, int limit, int maxBytes, ToIntFunction<Entry> size,
                                        String token) {
        List<String> partitions = IntStream.range(0, shards)
                .mapToObj(shard -> CallbackItemLayout.openOrganization(organizationId, shard)).toList();
        java.util.function.IntFunction<MergedQuery> keysOf = n -> new MergedQuery(dynamo,
                listRequests(OPEN_BY_ORGANIZATION_INDEX, CallbackItemLayout.ORG_LIST, partitions),
                CallbackItemLayout.ORG_LIST, partitions, LIST_AT, Set.of(PK, SK, CallbackItemLayout.ORG_LIST, LIST_AT),
                n, MAX_REQUESTS * shards, token);
        MergedQuery query = keysOf.apply(Math.max(limit, 1));
        List<Entry> entries = new ArrayList<>();
        int examined = 0;
        long bytes = 0;
        while (examined < maxExamined) {
            int chunk = Math.min(DynamoCallStore.BATCH_GET, maxExamined - examined);
            List<Map<String, AttributeValue>> keys = query.take(item -> item, chunk, Long.MAX_VALUE, item -> 0);
            if (keys.isEmpty()) {
                break;
            }
            Map<String, Map<String, AttributeValue>> read = new HashMap<>();
            dynamo.batchGetItems(table, keys.stream().map(key -> CallbackItemLayout.key(key.get(PK).s(),
                    key.get(SK).s())).toList(), false).forEach(item -> read.put(item.get(PK).s() + "\n"
                    + item.get(SK).s(), item));
            for (int i = 0; i < keys.size(); i++) {
                Map<String, AttributeValue> item = read.get(keys.get(i).get(PK).s() + "\n" + keys.get(i).get(SK).s());
                examined++;
                if (item == null || !item.containsKey(CallbackItemLayout.ORG_LIST)) {
                    continue; // resolved, closed or gone since the index listed it
                }
                Entry entry = CallbackItemLayout.entry(item);
                if (!filter.test(entry)) {
                    continue;
                }
                int entryBytes = size.applyAsInt(entry);
                if (!entries.isEmpty() && bytes + entryBytes > maxBytes) {
                    return new Page<>(entries, keysAfter(keysOf, examined - 1));
                }
                entries.add(entry);
                bytes += entryBytes;
                if (entries.size() == limit) {
                    return new Page<>(entries, i == keys.size() - 1 ? query.token() : keysAfter(keysOf, examined));
                }
            }
            if (keys.size() < chunk) {
                break;
            }
        }
        return new Page<>(entries, query.token());
    }

    /** The token after the first {@code taken} keys of the index read {@code keysOf} gives, read again. */
    private static String keysAfter(java.util.function.IntFunction<MergedQuery> keysOf, int taken) {
        MergedQuery again = keysOf.apply(Math.max(taken, 1));
        again.take(item -> item, taken, Long.MAX_VALUE, item -> 0);
        return again.token();
    }

    private List<QueryRequest> listRequests(String index, String attribute, List<String> partitions) {
        return partitions.stream().map(p -> QueryRequest.builder().tableName(table)
                .indexName(index).keyConditionExpression("#l = :l").scanIndexForward(true)
                .expressionAttributeNames(Map.of("#l", attribute))
                .expressionAttributeValues(Map.of(":l", AttributeValue.fromS(p))).build()).toList();
    }

    @Override
    public String changeMarker(String organizationId) {
        return new ChangeMarkers(dynamo, table).read(markKey(organizationId), "version");
    }

    /**
     * Raises the organization's change marker: one plain update right after a write that changed an item, so a
     * reader that sees the new marker reads the new item ({@link ChangeMarkers}).
     */
    /**
     * Recomputes a whole group from its stored facts and closures (the key migration's last step for a group it
     * filled); the items whose state was not announced yet.
     */
    List<Entry> recomputeGroup(CallbackItemLayout.Group group) {
        return recompute(group, null, null, null);
    }

    /** How long a closure is kept after it was made. */
    Duration retention() {
        return retention;
    }

    /** Raises the organization's worklist change marker (after the key migration removed items). */
    void changed(String organizationId) {
        markChanged(organizationId);
    }

    private void markChanged(String organizationId) {
        new ChangeMarkers(dynamo, table).raise(markKey(organizationId), List.of("version"));
    }

    private static Map<String, AttributeValue> markKey(String organizationId) {
        return Map.of(PK, AttributeValue.fromS(MARK + organizationId), SK, AttributeValue.fromS("m"));
    }

    @Override
    public Entry claim(String organizationId, String itemId, String agentId, Instant now) {
        return whileHolderIs(organizationId, itemId, agentId,
                "SET claimedBy = :a, claimedAt = if_not_exists(claimedAt, :now)", "#state = :s",
                AttributeValue.fromS(CallbackItem.State.OPEN.wire()), Map.of(":now", CallItemLayout.time(now)));
    }

    @Override
    public Entry release(String organizationId, String itemId, String agentId) {
        return whileHolderIs(organizationId, itemId, agentId, "REMOVE claimedBy, claimedAt", "#state <> :s",
                AttributeValue.fromS(CallbackItem.State.RETRACTED.wire()), Map.of());
    }

    /**
     * One conditional update of an existing item, made only while nobody or {@code agentId} holds it and its state
     * meets {@code stateCondition} (on {@code :s}); a refusal says why ({@link #conflictOf}).
     */
    private Entry whileHolderIs(String organizationId, String itemId, String agentId, String update,
                                String stateCondition, AttributeValue state, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> key = existingKey(organizationId, itemId);
        Map<String, AttributeValue> values = new HashMap<>(more);
        values.put(":a", AttributeValue.fromS(agentId));
        values.put(":s", state);
        try {
            Entry entry = CallbackItemLayout.entry(dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(pk) AND " + stateCondition
                            + " AND (attribute_not_exists(claimedBy) OR claimedBy = :a)")
                    .expressionAttributeNames(Map.of("#state", STATE)).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
            markChanged(organizationId);
            return entry;
        } catch (ConditionalCheckFailedException e) {
            throw conflictOf(organizationId, itemId, agentId);
        }
    }

    @Override
    public Entry close(String organizationId, String itemId, String agentId, String reason, Instant now) {
        Map<String, AttributeValue> stored = stored(organizationId, itemId)
                .orElseThrow(UnknownCallbackException::new);
        CallbackItem item = CallbackItemLayout.item(stored);
        if (item.state() == CallbackItem.State.CLOSED) {
            return CallbackItemLayout.entry(stored);
        }
        CallbackItemLayout.Group group = new CallbackItemLayout.Group(organizationId, item.line(), item.subject());
        CallbackClosure closure = new CallbackClosure(item.key(), now.truncatedTo(ChronoUnit.MILLIS), reason,
                agentId);
        try {
            recompute(group, closure, new ItemGuard(organizationId, itemId, item.key(), agentId),
                    WorklistFromFacts.order(closure.at(), closure.nextKey()));
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e, 1)) {
                // another close stored its closure first: the item is closed
                return item(organizationId, itemId).orElseThrow(UnknownCallbackException::new);
            }
            throw e;
        }
        return item(organizationId, itemId).orElseThrow(UnknownCallbackException::new);
    }

    /** The key of an item that exists (retracted ones do not), or {@link UnknownCallbackException}. */
    private Map<String, AttributeValue> existingKey(String organizationId, String itemId) {
        Map<String, AttributeValue> item = stored(organizationId, itemId).orElseThrow(UnknownCallbackException::new);
        return CallbackItemLayout.key(item.get(PK).s(), item.get(SK).s());
    }

    /** Why a conditional write on an item was refused, read after the refusal. */
    private RuntimeException conflictOf(String organizationId, String itemId, String agentId) {
        Optional<Entry> entry = item(organizationId, itemId);
        if (entry.isEmpty()) {
            return new UnknownCallbackException();
        }
        String holder = entry.get().claimedBy();
        if (holder != null && !holder.equals(agentId)) {
            return new CallbackConflictException("item is claimed by " + holder, holder);
        }
        return new CallbackConflictException("item is " + entry.get().item().state().wire(), null);
    }

    @Override
    public Summary summary(String organizationId, String line, LocalDate day, ZoneId zone) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        // resolved items are listed by their UTC day: the local day spans one or two of them
        LocalDate firstUtcDay = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate lastUtcDay = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
        long open = 0;
        Instant oldest = null;
        long resolved = 0;
        Map<String, Long> byHow = new TreeMap<>();
        List<Long> callbackSeconds = new ArrayList<>();
        for (int shard = 0; shard < shards.get().of(organizationId); shard++) {
            String openList = CallbackItemLayout.openList(organizationId, shard, line);
            Optional<Instant> first = first(openList).map(item -> Items.time(item, LIST_AT));
            if (first.isPresent() && (oldest == null || first.get().isBefore(oldest))) {
                oldest = first.get();
            }
            open += count(openList);
            for (LocalDate utcDay = firstUtcDay; !utcDay.isAfter(lastUtcDay); utcDay = utcDay.plusDays(1)) {
                for (Map<String, AttributeValue> item : all(CallbackItemLayout.resolvedList(organizationId, shard,
                        line, utcDay))) {
                    Instant at = Items.time(item, LIST_AT);
                    if (at.isBefore(from) || !at.isBefore(to)) {
                        continue;
                    }
                    resolved++;
                    String how = Items.string(item, "how");
                    byHow.merge(how, 1L, Long::sum);
                    if (CallbackFact.Kind.OUTBOUND_CONNECT.wire().equals(how)) {
                        callbackSeconds.add(Long.parseLong(item.get("secondsToResolve").n()));
                    }
                }
            }
        }
        return new Summary(open, oldest, resolved, byHow, median(callbackSeconds));
    }

    /**
     * A line's items as the queue reports read them: every item open now, and every item resolved on a UTC day from
     * {@code firstDay} to {@code lastDay}. Items closed by hand are listed nowhere and are not among them.
     */
    public List<CallbackItem> listed(String organizationId, String line, LocalDate firstDay, LocalDate lastDay) {
        List<CallbackItem> items = new ArrayList<>();
        int count = shards.get().of(organizationId);
        for (int shard = 0; shard < count; shard++) {
            List<String> partitions = new ArrayList<>();
            partitions.add(CallbackItemLayout.openList(organizationId, shard, line));
            for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
                partitions.add(CallbackItemLayout.resolvedList(organizationId, shard, line, day));
            }
            for (String partition : partitions) {
                for (Map<String, AttributeValue> item : dynamo.queryPaginator(listed(partition).build()).items()) {
                    items.add(CallbackItemLayout.item(item));
                }
            }
        }
        return items;
    }

    /** The median (the mean of the middle two, rounded down, for an even count); {@code null} for none. */
    static Long median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The first item of one {@code byList} partition, if any. */
    private Optional<Map<String, AttributeValue>> first(String partition) {
        return dynamo.query(listed(partition).limit(1).build()).items().stream().findFirst();
    }

    /** Every item of one {@code byList} partition (the attributes the summary needs). */
    private Iterable<Map<String, AttributeValue>> all(String partition) {
        return dynamo.queryPaginator(listed(partition).projectionExpression("listAt, how, secondsToResolve").build())
                .items();
    }

    private long count(String partition) {
        return dynamo.queryPaginator(listed(partition).select(Select.COUNT).build()).stream()
                .mapToLong(QueryResponse::count).sum();
    }

    private QueryRequest.Builder listed(String partition) {
        return QueryRequest.builder().tableName(table).indexName(BY_LIST_INDEX).keyConditionExpression("#l = :l")
                .expressionAttributeNames(Map.of("#l", LIST))
                .expressionAttributeValues(Map.of(":l", AttributeValue.fromS(partition)));
    }

    private static boolean conditionFailed(TransactionCanceledException e, int index) {
        if (!e.hasCancellationReasons() || e.cancellationReasons().size() <= index || index < 0) {
            return false;
        }
        CancellationReason reason = e.cancellationReasons().get(index);
        return "ConditionalCheckFailed".equals(reason.code());
    }

    /** Another transaction on the same items was in flight: reading again and retrying is the cure. */
    private static boolean conflicted(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream()
                .anyMatch(reason -> "TransactionConflict".equals(reason.code()));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }
}
