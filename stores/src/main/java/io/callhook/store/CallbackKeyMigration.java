package io.callhook.store;

import static io.callhook.store.CallbackItemLayout.APPLIED;
import static io.callhook.store.CallbackItemLayout.CLAIMED_AT;
import static io.callhook.store.CallbackItemLayout.CLOSURE;
import static io.callhook.store.CallbackItemLayout.FACT;
import static io.callhook.store.CallbackItemLayout.HOLDER;
import static io.callhook.store.CallbackItemLayout.ITEM;
import static io.callhook.store.CallbackItemLayout.PK;
import static io.callhook.store.CallbackItemLayout.SK;
import static io.callhook.store.CallbackItemLayout.VERSION;

import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.TransactWriteItem;
import io.callhook.worklist.CallbackClosure;
import io.callhook.worklist.CallbackFact;
import io.callhook.worklist.CallbackItem;
import io.callhook.worklist.WorklistFromFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Moves one organization's callback worklist to new number keys ({@code 030111} and {@code 004930111} to
 * {@code +4930111}): every group (line and number) whose number's new key differs is moved into the group of the
 * new key, and groups that meet there become one, with the items the worklist's own rules
 * ({@link WorklistFromFacts}) make of all their facts, exactly as if the facts had always been keyed the new way.
 *
 * <p>For each target group, in this order: the sources' facts are put into the target under the new key (each with
 * its call image's version, the number in it replaced, never over a newer one); the closures by
 * hand are keyed again along the merged facts ({@link WorklistFromFacts#rekeyed}: each closes the item open at its
 * time, which for a group moved alone is the key it has); each call's index is pointed at the target (only while
 * it still names the source, so a newer image the stream function stored meanwhile wins); the sources' facts and
 * closures are deleted; the target is recomputed; each claim on a source item is carried to the item that now holds
 * that item's first miss (unless someone holds it); last the sources' items and heads are deleted. Every step is
 * idempotent and a group's sources stay found until its last step, so a run that stops anywhere is finished by the
 * next, and a run after a complete one finds nothing to do. No event is published (the items' states were announced
 * under their old ids; the new ids are announced at their next change).
 *
 * <p>The groups are found with a {@code Scan} of the table (every item of every organization is read once, filtered
 * to this organization's groups): run it when the stream is quiet, once per organization. A merge rewrites at most 98
 * items in one recomputation ({@link DynamoCallbackStore}).
 */
public final class CallbackKeyMigration {

    private static final int DELETES_PER_TRANSACTION = 25;
    /**
     * On an item of the target whose claim must follow its first miss to another key: the claim, kept here
     * ({@code a} holder, {@code t} claimed at, {@code m} the first miss's call) until it is carried over.
     */
    static final String CLAIM_MOVE = "claimMove";

    private final DynamoDbJsonClient dynamo;
    private final String table;
    private final DynamoCallbackStore store;

    public CallbackKeyMigration(DynamoDbJsonClient dynamo, String table, DynamoCallbackStore store) {
        this.dynamo = dynamo;
        this.table = table;
        this.store = store;
    }

    /**
     * One target group and what the migration makes of it.
     *
     * @param line    the line
     * @param subject the new key
     * @param sources the old keys moved into it (the target's own facts, if any, stay)
     * @param facts   the facts moved
     * @param before  the items of the sources and the target now (retracted ones left out)
     * @param after   the target's items once moved
     * @param claims  the claims carried over
     */
    public record Move(String line, String subject, List<String> sources, int facts, List<CallbackItem> before,
                       List<CallbackItem> after, int claims) {
    }

    /** What a migration of {@code organizationId} would do, writing nothing. */
    public List<Move> plan(String organizationId, UnaryOperator<String> newKey) {
        return targets(organizationId, newKey).stream().map(Target::move).toList();
    }

    /** Migrates {@code organizationId}'s worklist to the keys {@code newKey} gives; what it did. */
    public List<Move> migrate(String organizationId, UnaryOperator<String> newKey) {
        List<Target> targets = targets(organizationId, newKey);
        targets.forEach(this::apply);
        if (!targets.isEmpty()) {
            store.changed(organizationId);
        }
        return targets.stream().map(Target::move).toList();
    }

    /** A target group: its stored points, its sources' and what they become there. */
    private record Target(CallbackItemLayout.Group group, List<Partition> sources, Partition own,
                          List<CallbackFact> facts, List<CallbackClosure> closures) {

        Move move() {
            List<CallbackItem> before = new ArrayList<>();
            for (Partition partition : all()) {
                partition.items.values().stream().map(CallbackItemLayout::item)
                        .filter(item -> item.state() != CallbackItem.State.RETRACTED).forEach(before::add);
            }
            long claims = all().stream().flatMap(p -> p.items.values().stream())
                    .filter(item -> item.containsKey(HOLDER)).count();
            return new Move(group.line(), group.subject(), sources.stream().map(p -> p.group.subject()).toList(),
                    sources.stream().mapToInt(p -> p.facts.size()).sum(), before,
                    WorklistFromFacts.items(group.organizationId(), group.line(), group.subject(), facts, closures),
                    (int) claims);
        }

        List<Partition> all() {
            List<Partition> all = new ArrayList<>(sources);
            if (own != null) {
                all.add(own);
            }
            return all;
        }
    }

    /** One group's stored items, read by the scan: facts and closures by sort key, items by key, the rest. */
    private static final class Partition {
        final CallbackItemLayout.Group group;
        final Map<String, Map<String, AttributeValue>> facts = new TreeMap<>();
        final Map<String, Map<String, AttributeValue>> closures = new TreeMap<>();
        final Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        final List<String> other = new ArrayList<>();

        Partition(CallbackItemLayout.Group group) {
            this.group = group;
        }
    }

    private List<Target> targets(String organizationId, UnaryOperator<String> newKey) {
        String prefix = "g#" + organizationId + "#";
        Map<String, Partition> groups = new TreeMap<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true).filterExpression("begins_with(pk, :p)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix)))).items().forEach(item -> {
                    String pk = item.get(PK).s();
                    CallbackItemLayout.Group group = CallbackItemLayout.Group.parse(pk);
                    if (!group.organizationId().equals(organizationId)) {
                        return;
                    }
                    Partition partition = groups.computeIfAbsent(pk, p -> new Partition(group));
                    String sk = item.get(SK).s();
                    if (sk.startsWith(FACT)) {
                        partition.facts.put(sk, item);
                    } else if (sk.startsWith(CLOSURE)) {
                        partition.closures.put(sk, item);
                    } else if (sk.startsWith(ITEM)) {
                        partition.items.put(sk, item);
                    } else {
                        partition.other.add(sk);
                    }
                });
        Map<String, List<Partition>> byTarget = new TreeMap<>();
        for (Partition partition : groups.values()) {
            String subject = partition.group.subject();
            String key = subject.startsWith("?") ? subject : newKey.apply(subject);
            if (!key.equals(subject)) {
                byTarget.computeIfAbsent(new CallbackItemLayout.Group(organizationId, partition.group.line(), key)
                        .pk(), pk -> new ArrayList<>()).add(partition);
            }
        }
        List<Target> targets = new ArrayList<>();
        byTarget.forEach((pk, sources) -> {
            CallbackItemLayout.Group group = CallbackItemLayout.Group.parse(pk);
            Partition own = groups.get(pk);
            // by place: a fact or closure a stopped run copied already is the same point (the target's copy last)
            Map<String, CallbackFact> facts = new TreeMap<>();
            Map<String, CallbackClosure> closures = new TreeMap<>();
            for (Partition partition : own == null ? sources : concat(sources, own)) {
                partition.facts.forEach((sk, item) -> facts.put(sk, CallbackItemLayout.fact(partition.group, item)
                        .withSubject(group.subject())));
                partition.closures.values().forEach(item -> {
                    CallbackClosure closure = CallbackItemLayout.closure(item);
                    closures.put(WorklistFromFacts.order(closure.at(), closure.reason() + "#" + closure.agent()),
                            closure);
                });
            }
            List<CallbackFact> all = List.copyOf(facts.values());
            targets.add(new Target(group, sources, own, all,
                    WorklistFromFacts.rekeyed(all, List.copyOf(closures.values()))));
        });
        return targets;
    }

    private static List<Partition> concat(List<Partition> sources, Partition own) {
        List<Partition> all = new ArrayList<>(sources);
        all.add(own);
        return all;
    }

    private void apply(Target target) {
        CallbackItemLayout.Group group = target.group();
        // 0. claims on the target's own items that the merge gives other misses are set aside on the item, so a
        // stop after the recomputation below still knows where they belong
        List<Claim> claims = new ArrayList<>();
        target.sources().forEach(source -> source.items.values().forEach(item -> Claim.of(item)
                .ifPresent(claims::add)));
        List<String> stashed = new ArrayList<>();
        if (target.own() != null) {
            Map<String, CallbackItem> after = new LinkedHashMap<>();
            WorklistFromFacts.items(group.organizationId(), group.line(), group.subject(), target.facts(),
                    target.closures()).forEach(item -> after.put(ITEM + item.key(), item));
            target.own().items.forEach((sk, item) -> {
                Optional<Claim> stash = Claim.stashed(item);
                Optional<Claim> held = Claim.of(item);
                if (held.isPresent() && !holds(after.get(sk), held.get().firstMiss())) {
                    stash = held;
                    stash(group, sk, held.get());
                }
                stash.ifPresent(claim -> {
                    claims.add(claim);
                    stashed.add(sk);
                });
            });
        }
        // 1. the sources' facts under the new key, never over a newer image's (all of them: a source's fact and its
        // copy have one sort key, f#<time>#<call>)
        for (Partition source : target.sources()) {
            for (Map<String, AttributeValue> item : source.facts.values()) {
                CallbackFact fact = CallbackItemLayout.fact(source.group, item).withSubject(group.subject());
                String version = CallbackFact.version(Items.string(item, VERSION), fact);
                try {
                    dynamo.putItem(b -> b.tableName(table).item(CallbackItemLayout.fact(group, fact, version))
                            .conditionExpression("attribute_not_exists(ver) OR ver <= :v")
                            .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(version))));
                } catch (ConditionalCheckFailedException e) {
                    // the stream function stored a newer image of this call there already
                }
            }
        }
        // 2. the closures as the merged group keys them (the target's own ones whose key moved go)
        Map<String, CallbackClosure> keyed = new LinkedHashMap<>();
        target.closures().forEach(closure -> keyed.put(CLOSURE + closure.itemKey(), closure));
        for (CallbackClosure closure : keyed.values()) {
            dynamo.putItem(b -> b.tableName(table).item(CallbackItemLayout.closure(group, closure,
                    closure.at().plus(store.retention()))));
        }
        List<Map<String, AttributeValue>> stale = new ArrayList<>();
        if (target.own() != null) {
            target.own().closures.keySet().stream().filter(sk -> !keyed.containsKey(sk))
                    .forEach(sk -> stale.add(CallbackItemLayout.key(group.pk(), sk)));
        }
        // 3. each call's index names the target, while it still names its source
        for (Partition source : target.sources()) {
            for (Map<String, AttributeValue> item : source.facts.values()) {
                repoint(group, source.group, CallbackItemLayout.fact(source.group, item)
                        .withSubject(group.subject()));
            }
        }
        // 4. the sources' points go, then the target is computed from all of them
        for (Partition source : target.sources()) {
            source.facts.keySet().forEach(sk -> stale.add(CallbackItemLayout.key(source.group.pk(), sk)));
            source.closures.keySet().forEach(sk -> stale.add(CallbackItemLayout.key(source.group.pk(), sk)));
        }
        delete(stale);
        store.recomputeGroup(group);
        // 5. claims follow their item's first miss
        carryClaims(target, claims);
        for (String sk : stashed) {
            dynamo.updateItem(b -> b.tableName(table).key(CallbackItemLayout.key(group.pk(), sk))
                    .updateExpression("REMOVE " + CLAIM_MOVE));
        }
        // 6. last, the sources' items and heads
        List<Map<String, AttributeValue>> rest = new ArrayList<>();
        for (Partition source : target.sources()) {
            source.items.keySet().forEach(sk -> rest.add(CallbackItemLayout.key(source.group.pk(), sk)));
            source.other.forEach(sk -> rest.add(CallbackItemLayout.key(source.group.pk(), sk)));
        }
        delete(rest);
    }

    /** Points a call's index at {@code group} with the fact it holds there, if the index still names the source. */
    private void repoint(CallbackItemLayout.Group group, CallbackItemLayout.Group source, CallbackFact fact) {
        Map<String, AttributeValue> key = CallbackItemLayout.callKey(group.organizationId(), fact.callId());
        Map<String, AttributeValue> index = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item();
        if (index == null || index.isEmpty() || !source.pk().equals(Items.string(index, "group"))) {
            return;
        }
        String stored = Items.string(index, VERSION);
        String version = CallbackFact.version(stored, fact);
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET #g = :g, ver = :nv, #f = :f REMOVE previousGroup")
                    .conditionExpression("ver = :v AND #g = :old")
                    .expressionAttributeNames(Map.of("#g", "group", "#f", APPLIED))
                    .expressionAttributeValues(Map.of(":g", AttributeValue.fromS(group.pk()),
                            ":nv", AttributeValue.fromS(version),
                            ":f", AttributeValue.fromS(version.substring(version.indexOf('|') + 1)),
                            ":v", AttributeValue.fromS(stored), ":old", AttributeValue.fromS(source.pk()))));
        } catch (ConditionalCheckFailedException e) {
            // the stream function moved the call meanwhile
        }
    }

    /** A claim to carry: who holds it since when, and the first miss of the item it was on. */
    private record Claim(String holder, Instant at, String firstMiss) {

        static Optional<Claim> of(Map<String, AttributeValue> item) {
            if (!item.containsKey(HOLDER)) {
                return Optional.empty();
            }
            CallbackItem stored = CallbackItemLayout.item(item);
            return stored.misses().isEmpty() ? Optional.empty() : Optional.of(new Claim(Items.string(item, HOLDER),
                    Objects.requireNonNullElse(Items.time(item, CLAIMED_AT), Instant.EPOCH),
                    stored.misses().get(0).callId()));
        }

        static Optional<Claim> stashed(Map<String, AttributeValue> item) {
            AttributeValue stash = item.get(CLAIM_MOVE);
            if (stash == null || stash.m() == null) {
                return Optional.empty();
            }
            Map<String, AttributeValue> m = stash.m();
            return Optional.of(new Claim(m.get("a").s(), Instant.ofEpochMilli(Long.parseLong(m.get("t").n())),
                    m.get("m").s()));
        }
    }

    private static boolean holds(CallbackItem item, String callId) {
        return item != null && item.misses().stream().anyMatch(miss -> miss.callId().equals(callId));
    }

    /** Sets a claim aside on its item (the claim leaves the item); a claim that changed meanwhile stays. */
    private void stash(CallbackItemLayout.Group group, String sk, Claim claim) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(CallbackItemLayout.key(group.pk(), sk))
                    .updateExpression("SET " + CLAIM_MOVE + " = :c REMOVE " + HOLDER + ", " + CLAIMED_AT)
                    .conditionExpression(HOLDER + " = :a")
                    .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(claim.holder()),
                            ":c", AttributeValue.fromM(Map.of("a", AttributeValue.fromS(claim.holder()),
                                    "t", AttributeValue.fromN(Long.toString(claim.at().toEpochMilli())),
                                    "m", AttributeValue.fromS(claim.firstMiss()))))));
        } catch (ConditionalCheckFailedException e) {
            // released or taken by another agent meanwhile: that is the item's claim now
        }
    }

    private void carryClaims(Target target, List<Claim> claims) {
        CallbackItemLayout.Group group = target.group();
        if (claims.isEmpty()) {
            return;
        }
        // the earliest claim first: it wins an item two claims now point at
        List<Claim> ordered = new ArrayList<>(claims);
        ordered.sort(Comparator.comparing(Claim::at));
        List<CallbackItem> now = WorklistFromFacts.items(group.organizationId(), group.line(), group.subject(),
                target.facts(), target.closures());
        for (Claim claim : ordered) {
            now.stream().filter(item -> holds(item, claim.firstMiss())).findFirst().ifPresent(item -> {
                try {
                    store.claim(group.organizationId(), item.id(), claim.holder(), claim.at());
                } catch (CallbackConflictException | UnknownCallbackException e) {
                    // held by a claim carried first, or no longer open: this claim ends here
                }
            });
        }
    }

    private void delete(List<Map<String, AttributeValue>> keys) {
        for (int from = 0; from < keys.size(); from += DELETES_PER_TRANSACTION) {
            List<TransactWriteItem> deletes = keys.subList(from, Math.min(keys.size(), from + DELETES_PER_TRANSACTION))
                    .stream().map(key -> TransactWriteItem.builder().delete(d -> d.tableName(table).key(key))
                            .build()).toList();
            dynamo.transactWriteItems(b -> b.transactItems(deletes));
        }
    }
}
