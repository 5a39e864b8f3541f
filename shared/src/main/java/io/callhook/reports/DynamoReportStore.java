package io.callhook.reports;

import io.callhook.worklist.CallbackFact;
import io.callhook.worklist.CallbackItem;
import io.callhook.call.Direction;
import io.callhook.call.MissReason;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.store.CallKeys;
import io.callhook.store.DynamoCallStore;
import io.callhook.store.DynamoCallbackStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Report facts in the missed-calls table, one item per call (no index, so one write unit per stored change of an
 * item under 1 KB): {@code pk = rep#<org>#<shard>#<yyyy-mm-dd>} (the UTC day the call started; the shard from the
 * call's key), {@code sk = <start millis, 13 digits>#<call key>}, {@code v} the call's version
 * ({@link ReportFact#version}); a fact whose call's start moved leaves a tombstone ({@code gone}) with the version
 * that moved it, so an older image replayed later cannot bring it back. Every write is a put conditional on the
 * stored version being older. Readers query every shard of every UTC day the range touches.
 */
public final class DynamoReportStore implements ReportStore {

    static final String PREFIX = "rep#";
    static final String PK = "pk";
    static final String SK = "sk";
    static final String VERSION = "v";
    static final String GONE = "gone";
    static final String EXPIRES_AT = "expiresAt";

    private final DynamoDbJsonClient dynamo;
    private final String table;
    private final int shards;
    private final DynamoCallbackStore callbacks;

    /** A store of facts only: it reads no callback items. */
    public DynamoReportStore(DynamoDbJsonClient dynamo, String table, int shards) {
        this(dynamo, table, shards, null);
    }

    /** @param callbacks the worklist whose listed items the reports count, {@code null} for none */
    public DynamoReportStore(DynamoDbJsonClient dynamo, String table, int shards, DynamoCallbackStore callbacks) {
        this.dynamo = dynamo;
        this.table = table;
        this.shards = shards;
        this.callbacks = callbacks;
    }

    /**
     * The store in the missed-calls table ({@code MISSED_CALLS_TABLE}), sharded as the calls' indexes, with the
     * callback worklist's table ({@code CALLBACKS_TABLE}).
     */
    public static DynamoReportStore fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return new DynamoReportStore(dynamo, env.require("MISSED_CALLS_TABLE"), DynamoCallStore.shards(env),
                DynamoCallbackStore.fromEnvironment(dynamo, env));
    }

    @Override
    public void record(Optional<ReportFact> before, Optional<ReportFact> after, String version) {
        if (before.map(DynamoReportStore::withoutExpiry).equals(after.map(DynamoReportStore::withoutExpiry))) {
            return;
        }
        after.ifPresent(fact -> put(item(fact), version));
        before.filter(old -> after.isEmpty() || !key(old).equals(key(after.get())))
                .ifPresent(old -> put(tombstone(old), version));
    }

    private static ReportFact withoutExpiry(ReportFact fact) {
        return new ReportFact(fact.organizationId(), fact.callKey(), fact.line(), fact.direction(), fact.outcome(),
                fact.reason(), fact.startedAt(), fact.waitMillis(), fact.talkSeconds(), fact.agent(), null);
    }

    private void put(Map<String, AttributeValue> item, String version) {
        item.put(VERSION, AttributeValue.fromS(version));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#v) OR #v < :v")
                    .expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(version))));
        } catch (ConditionalCheckFailedException e) {
            // a newer version of the call is stored: it says more than this one
        }
    }

    private Map<String, AttributeValue> key(ReportFact fact) {
        String org = fact.organizationId();
        int shard = CallKeys.shardOf(fact.callKey(), shards);
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(PK, AttributeValue.fromS(partition(org, shard, day(fact.startedAt()))));
        key.put(SK, AttributeValue.fromS(sortKey(fact.startedAt().toEpochMilli()) + "#" + fact.callKey()));
        return key;
    }

    private Map<String, AttributeValue> tombstone(ReportFact fact) {
        Map<String, AttributeValue> item = key(fact);
        item.put(GONE, AttributeValue.fromBool(true));
        expiry(item, fact.expiresAt());
        return item;
    }

    private Map<String, AttributeValue> item(ReportFact fact) {
        Map<String, AttributeValue> item = key(fact);
        item.put("ln", AttributeValue.fromS(fact.line()));
        item.put("d", AttributeValue.fromS(fact.direction().wire()));
        item.put("o", AttributeValue.fromS(fact.outcome().wire()));
        if (fact.reason() != null) {
            item.put("r", AttributeValue.fromS(fact.reason().wire()));
        }
        item.put("w", AttributeValue.fromN(Long.toString(fact.waitMillis())));
        if (fact.talkSeconds() != null) {
            item.put("t", AttributeValue.fromN(fact.talkSeconds().toString()));
        }
        if (fact.agent() != null) {
            item.put("ag", AttributeValue.fromS(fact.agent()));
        }
        expiry(item, fact.expiresAt());
        return item;
    }

    private static void expiry(Map<String, AttributeValue> item, Instant expiresAt) {
        if (expiresAt != null) {
            item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        }
    }

    @Override
    public List<ReportFact> facts(String organizationId, String line, Instant from, Instant to) {
        List<ReportFact> facts = new ArrayList<>();
        if (!from.isBefore(to)) {
            return facts;
        }
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#sk", SK, "#g", GONE));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":a", AttributeValue.fromS(sortKey(from.toEpochMilli())),
                ":b", AttributeValue.fromS(sortKey(to.toEpochMilli() - 1) + "$")));
        String filter = "attribute_not_exists(#g)";
        if (line != null) {
            names.put("#ln", "ln");
            values.put(":ln", AttributeValue.fromS(line));
            filter += " AND #ln = :ln";
        }
        String condition = filter;
        for (LocalDate day = day(from); !day.isAfter(day(to.minusMillis(1))); day = day.plusDays(1)) {
            for (int shard = 0; shard < shards; shard++) {
                Map<String, AttributeValue> dayValues = new HashMap<>(values);
                dayValues.put(":pk", AttributeValue.fromS(partition(organizationId, shard, day)));
                for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :a AND :b").filterExpression(condition)
                        .expressionAttributeNames(names).expressionAttributeValues(dayValues)).items()) {
                    facts.add(fact(organizationId, item));
                }
            }
        }
        return facts;
    }

    /** At most this many days of resolved lists are read after the range starts. */
    static final int MAX_RESOLVED_DAYS = 400;

    @Override
    public List<CallbackOutcome> callbacks(String organizationId, Set<String> lines, Instant from, Instant to,
                                           LocalDate today) {
        List<CallbackOutcome> outcomes = new ArrayList<>();
        if (callbacks == null || !from.isBefore(to)) {
            return outcomes;
        }
        LocalDate first = day(from);
        LocalDate last = today.isAfter(first.plusDays(MAX_RESOLVED_DAYS)) ? first.plusDays(MAX_RESOLVED_DAYS) : today;
        for (String line : lines) {
            for (CallbackItem item : callbacks.listed(organizationId, line, first, last)) {
                CallbackItem.Resolution resolution = item.resolution();
                boolean opened = !item.firstMissedAt().isBefore(from) && item.firstMissedAt().isBefore(to);
                boolean resolved = resolution != null && !resolution.at().isBefore(from)
                        && resolution.at().isBefore(to);
                if (opened || resolved) {
                    outcomes.add(new CallbackOutcome(item.line(), item.firstMissedAt(),
                            resolution == null ? null : resolution.at(),
                            resolution != null && resolution.how() == CallbackFact.Kind.OUTBOUND_CONNECT,
                            resolution == null ? 0 : resolution.secondsToResolve(),
                            resolution == null ? null : resolution.agent()));
                }
            }
        }
        return outcomes;
    }

    private static ReportFact fact(String organizationId, Map<String, AttributeValue> item) {
        String sk = item.get(SK).s();
        int hash = sk.indexOf('#');
        return new ReportFact(organizationId, sk.substring(hash + 1), item.get("ln").s(),
                Direction.fromWire(item.get("d").s()), ReportFact.Outcome.fromWire(item.get("o").s()),
                item.containsKey("r") ? MissReason.fromWire(item.get("r").s()) : null,
                Instant.ofEpochMilli(Long.parseLong(sk.substring(0, hash))), Long.parseLong(item.get("w").n()),
                item.containsKey("t") ? Long.valueOf(item.get("t").n()) : null,
                item.containsKey("ag") ? item.get("ag").s() : null,
                item.containsKey(EXPIRES_AT) ? Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())) : null);
    }

    static String partition(String organizationId, int shard, LocalDate day) {
        return PREFIX + CallKeys.organizationShard(organizationId, shard) + "#" + day;
    }

    private static String sortKey(long millis) {
        return String.format("%013d", Math.max(0, millis));
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
