package io.callhook.store;

import io.callhook.config.Environment;
import io.callhook.config.ShardCounts;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.QueryRequest;
import io.callhook.dynamodb.QueryResponse;
import io.callhook.dynamodb.TransactWriteItem;
import io.callhook.privacy.NumberMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every table that may hold a caller's number, as {@link PersonalData}, in the order an erasure takes them: the
 * missed-call entries, the callback worklist (found through the calls, so before them), any tables added with
 * {@link #and} (the audit trail; the contacts directory joins here), and the calls last.
 *
 * <ul>
 *   <li>{@code missedCalls}: every entry of the organization ({@code byScope}, each shard); an entry holding the
 *       number is deleted. The per-line day counts stay as they are: they hold no number.</li>
 *   <li>{@code callbacks}: for each call of the number, its call index and the whole line-and-number group it
 *       points to (head, facts, closures, items), and the call index of every fact in that group: all deleted.</li>
 *   <li>{@code calls}: every call of the organization ({@code byOrganization}, keys only, each of the
 *       organization's shards; the records read by key) holding the number in
 *       any attribute (from, to, users, provider details, user data) is replaced by a tombstone, {@code pk},
 *       {@code erasedAt} and its {@code expiresAt}: it leaves every index, and every write path refuses to write
 *       into it until DynamoDB's TTL removes it with the call's own expiry.</li>
 * </ul>
 *
 * A call callhook first heard of after {@code until} is left alone (a new call of the same person).
 */
public final class PersonalDataSources {

    /** Items read per query page. */
    static final int PAGE = 100;
    /** Deletes per transaction. */
    static final int DELETES = 25;
    /** The tombstone's marker on a call record: when the call was erased (epoch ms). */
    public static final String ERASED_AT = "erasedAt";

    private final DynamoDbJsonClient dynamo;
    private final String calls;
    private final String missed;
    private final String callbacks;
    private final Supplier<ShardCounts> shards;
    private final List<PersonalData> added;

    /** The tables, every organization's partitions spread over {@code shards} shards. */
    public PersonalDataSources(DynamoDbJsonClient dynamo, String calls, String missed, String callbacks, int shards) {
        this(dynamo, calls, missed, callbacks, DynamoCallStore.uniform(shards), List.of());
    }

    /** The tables, each organization's shard count as {@code shards} gives it now. */
    public PersonalDataSources(DynamoDbJsonClient dynamo, String calls, String missed, String callbacks,
                               Supplier<ShardCounts> shards) {
        this(dynamo, calls, missed, callbacks, shards, List.of());
    }

    private PersonalDataSources(DynamoDbJsonClient dynamo, String calls, String missed, String callbacks,
                                Supplier<ShardCounts> shards, List<PersonalData> added) {
        this.dynamo = dynamo;
        this.calls = calls;
        this.missed = missed;
        this.callbacks = callbacks;
        this.shards = shards;
        this.added = added;
    }

    /**
     * The tables of {@code env}, with the contacts directory and the audit trail when it names them
     * ({@value DynamoContactStore#TABLE_VARIABLE}, {@value DynamoAuditTrail#TABLE_VARIABLE}).
     */
    public static PersonalDataSources fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        PersonalDataSources sources = new PersonalDataSources(dynamo, env.require(DynamoCallStore.TABLE_VARIABLE),
                env.require(DynamoMissedCallStore.TABLE_VARIABLE), env.require(DynamoCallbackStore.TABLE_VARIABLE),
                DynamoCallStore.liveShards(dynamo, env));
        DynamoContactStore contacts = DynamoContactStore.fromEnvironment(dynamo, env);
        if (contacts != null) {
            sources = sources.and(contacts.personalData());
        }
        DynamoAuditTrail audit = DynamoAuditTrail.fromEnvironment(dynamo, env);
        return audit == null ? sources : sources.and(audit.personalData());
    }

    /** These sources and {@code more}, which an erasure takes before the calls (the contacts store goes here). */
    public PersonalDataSources and(PersonalData... more) {
        List<PersonalData> all = new ArrayList<>(added);
        all.addAll(List.of(more));
        return new PersonalDataSources(dynamo, calls, missed, callbacks, shards, List.copyOf(all));
    }

    /** Every source, in erasure order (calls last: the worklist is found through them). */
    public List<PersonalData> all() {
        List<PersonalData> all = new ArrayList<>();
        all.add(new MissedCalls());
        all.add(new Callbacks());
        all.addAll(added);
        all.add(new Calls());
        return all;
    }

    /** Whether any string the item holds (nested ones included) is the number. */
    public static boolean holdsNumber(Map<String, AttributeValue> item, NumberMatcher number) {
        return holds(item, number);
    }

    /** Whether any string the item holds is the number. */
    static boolean holds(Map<String, AttributeValue> item, NumberMatcher number) {
        for (String value : ItemJson.strings(item)) {
            if (number.matches(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One page of a sharded index, shard by shard over the organization's {@code count} shards: the cursor is
     * {@code <shard>} or {@code <shard>|<key>}.
     */
    private Page<Map<String, AttributeValue>> shardPage(String table, String index, String keyName, int count,
                                                        Function<Integer, String> partition, String cursor) {
        int shard = 0;
        Map<String, AttributeValue> start = null;
        if (cursor != null) {
            int bar = cursor.indexOf('|');
            shard = Integer.parseInt(bar < 0 ? cursor : cursor.substring(0, bar));
            start = bar < 0 ? null : ItemJson.key(cursor.substring(bar + 1));
        }
        if (shard >= count) {
            return new Page<>(List.of(), null);
        }
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(index)
                .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", keyName))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition.apply(shard)))).limit(PAGE);
        if (start != null) {
            request.exclusiveStartKey(start);
        }
        QueryResponse response = dynamo.query(request.build());
        String next;
        if (response.lastEvaluatedKey() != null && !response.lastEvaluatedKey().isEmpty()) {
            next = shard + "|" + ItemJson.cursor(response.lastEvaluatedKey());
        } else {
            next = shard + 1 < count ? Integer.toString(shard + 1) : null;
        }
        return new Page<>(response.items(), next);
    }

    /**
     * One page of the organization's calls (every attribute), as the calls and callbacks sources read them: the
     * {@code byOrganization} index holds keys only, so the records are read by key (a record gone meanwhile, by
     * TTL, is left out).
     */
    private Page<Map<String, AttributeValue>> callsPage(String organization, String cursor) {
        Page<Map<String, AttributeValue>> keys = shardPage(calls, CallItemLayout.BY_ORGANIZATION_INDEX,
                CallItemLayout.ORGANIZATION_SHARD, shards.get().of(organization),
                shard -> CallKeys.organizationShard(organization, shard), cursor);
        List<Map<String, AttributeValue>> records = DynamoCallStore.records(dynamo, calls, keys.items()).stream()
                .filter(java.util.Objects::nonNull).toList();
        return new Page<>(records, keys.nextToken());
    }

    private static boolean firstSeenBy(Map<String, AttributeValue> call, Instant until) {
        Instant firstSeen = Items.time(call, CallItemLayout.FIRST_SEEN_AT);
        return until == null || firstSeen == null || !firstSeen.isAfter(until);
    }

    private void delete(String table, List<Map<String, AttributeValue>> keys) {
        for (int from = 0; from < keys.size(); from += DELETES) {
            List<TransactWriteItem> deletes = keys.subList(from, Math.min(keys.size(), from + DELETES)).stream()
                    .map(key -> TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)).build())
                    .toList();
            dynamo.transactWriteItems(b -> b.transactItems(deletes));
        }
    }

    private static Map<String, AttributeValue> pkSk(Map<String, AttributeValue> item) {
        return Map.of("pk", item.get("pk"), "sk", item.get("sk"));
    }

    /** The missed-call entries of the number; counts are kept. */
    private final class MissedCalls implements PersonalData {

        @Override
        public String name() {
            return "missedCalls";
        }

        @Override
        public Found find(String organization, NumberMatcher number, Instant until, String cursor) {
            Page<Map<String, AttributeValue>> page = shardPage(missed, DynamoMissedCallStore.BY_SCOPE_INDEX,
                    DynamoMissedCallStore.SCOPE, shards.get().of(organization),
                    shard -> DynamoMissedCallStore.ENTRY + organization + "#" + shard, cursor);
            List<Map<String, AttributeValue>> found = new ArrayList<>();
            for (Map<String, AttributeValue> entry : page.items()) {
                if (holds(entry, number) && startedBy(entry, until)) {
                    found.add(entry);
                }
            }
            return new Found(found, page.nextToken(), page.items().size());
        }

        private static boolean startedBy(Map<String, AttributeValue> entry, Instant until) {
            String sk = Items.string(entry, "sk");
            int hash = sk == null ? -1 : sk.indexOf('#');
            return until == null || hash < 0
                    || !Instant.ofEpochMilli(Long.parseLong(sk.substring(0, hash))).isAfter(until);
        }

        @Override
        public int erase(String organization, NumberMatcher number, Found found, Instant erasedAt) {
            delete(missed, found.items().stream().map(PersonalDataSources::pkSk).toList());
            if (!found.items().isEmpty()) {
                // clients polling with If-None-Match see the list again
                Map<String, AttributeValue> mark = Map.of(
                        "pk", AttributeValue.fromS(DynamoMissedCallStore.MARK + organization),
                        "sk", AttributeValue.fromS("m"));
                dynamo.updateItem(b -> b.tableName(missed).key(mark)
                        .updateExpression("ADD version :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            }
            return found.items().size();
        }
    }

    /** The worklist groups of the number's calls, with every call index that points into them. */
    private final class Callbacks implements PersonalData {

        @Override
        public String name() {
            return "callbacks";
        }

        /**
         * The cursor is the calls' cursor and the short hashes of the groups taken on earlier pages (a number has a
         * group per line, so a few), so a group is found once however many of its calls there are; the hashes keep
         * the number out of the cursor.
         */
        @Override
        @SuppressWarnings("unchecked")
        public Found find(String organization, NumberMatcher number, Instant until, String cursor) {
            String callsCursor = null;
            Set<String> seen = new LinkedHashSet<>();
            if (cursor != null) {
                Map<String, Object> position = io.callhook.json.Json.parseObject(cursor);
                callsCursor = (String) position.get("c");
                seen.addAll((List<String>) position.get("s"));
            }
            Page<Map<String, AttributeValue>> page = callsPage(organization, callsCursor);
            Map<String, Map<String, AttributeValue>> found = new LinkedHashMap<>();
            Set<String> groups = new LinkedHashSet<>();
            for (Map<String, AttributeValue> call : page.items()) {
                if (!holds(call, number) || !firstSeenBy(call, until)) {
                    continue;
                }
                Map<String, AttributeValue> indexKey = CallbackItemLayout.callKey(organization,
                        Items.string(call, CallItemLayout.KEY));
                Map<String, AttributeValue> index = dynamo.getItem(b -> b.tableName(callbacks).key(indexKey)
                        .consistentRead(true)).item();
                if (index == null || index.isEmpty()) {
                    continue;
                }
                boolean grouped = false;
                boolean fresh = false;
                for (String name : List.of("group", "previousGroup")) {
                    String group = Items.string(index, name);
                    if (group != null) {
                        grouped = true;
                        if (seen.add(shortHash(group))) {
                            groups.add(group);
                            fresh = true;
                        }
                    }
                }
                if (!grouped || fresh) {
                    // an index whose groups were taken before came with its group's facts then
                    found.put(keyText(index), index);
                }
            }
            for (String group : groups) {
                for (QueryResponse response : dynamo.queryPaginator(b -> b.tableName(callbacks)
                        .keyConditionExpression("pk = :p").consistentRead(true)
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(group))))) {
                    for (Map<String, AttributeValue> item : response.items()) {
                        found.put(keyText(item), item);
                        String sk = Items.string(item, "sk");
                        String factCall = Items.string(item, "callId");
                        if (sk != null && sk.startsWith(CallbackItemLayout.FACT) && factCall != null) {
                            Map<String, AttributeValue> factIndex = dynamo.getItem(b -> b.tableName(callbacks)
                                    .key(CallbackItemLayout.callKey(organization, factCall)).consistentRead(
                                            true)).item();
                            if (factIndex != null && !factIndex.isEmpty()) {
                                found.put(keyText(factIndex), factIndex);
                            }
                        }
                    }
                }
            }
            String next = null;
            if (page.nextToken() != null) {
                Map<String, Object> position = new LinkedHashMap<>();
                position.put("c", page.nextToken());
                position.put("s", List.copyOf(seen));
                next = io.callhook.json.Json.write(position);
            }
            return new Found(List.copyOf(found.values()), next, page.items().size());
        }

        private static String shortHash(String group) {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(group.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(digest, 0, 8);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String keyText(Map<String, AttributeValue> item) {
            return Items.string(item, "pk") + "\u0000" + Items.string(item, "sk");
        }

        @Override
        public int erase(String organization, NumberMatcher number, Found found, Instant erasedAt) {
            delete(callbacks, found.items().stream().map(PersonalDataSources::pkSk).toList());
            return found.items().size();
        }
    }

    /** The calls of the number, each replaced by its tombstone. */
    private final class Calls implements PersonalData {

        @Override
        public String name() {
            return "calls";
        }

        @Override
        public Found find(String organization, NumberMatcher number, Instant until, String cursor) {
            Page<Map<String, AttributeValue>> page = callsPage(organization, cursor);
            List<Map<String, AttributeValue>> found = new ArrayList<>();
            for (Map<String, AttributeValue> call : page.items()) {
                if (holds(call, number) && firstSeenBy(call, until)) {
                    found.add(call);
                }
            }
            return new Found(found, page.nextToken(), page.items().size());
        }

        @Override
        public int erase(String organization, NumberMatcher number, Found found, Instant erasedAt) {
            for (Map<String, AttributeValue> call : found.items()) {
                Map<String, AttributeValue> tombstone = new LinkedHashMap<>();
                tombstone.put(CallItemLayout.KEY, call.get(CallItemLayout.KEY));
                tombstone.put(ERASED_AT, CallItemLayout.time(erasedAt));
                if (call.containsKey(CallItemLayout.EXPIRES_AT)) {
                    tombstone.put(CallItemLayout.EXPIRES_AT, call.get(CallItemLayout.EXPIRES_AT));
                }
                dynamo.putItem(b -> b.tableName(calls).item(tombstone));
            }
            return found.items().size();
        }
    }
}
