package io.callhook.store;

import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.ConditionalCheckFailedException;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.QueryResponse;
import io.callhook.privacy.ErasureJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The erasures table: one item per job ({@code pk} = organization, {@code sk} = job id). Jobs not yet done carry
 * {@code active} and are listed by the sparse {@value #BY_ACTIVITY_INDEX} index (by {@code updatedAt}), which the
 * sweep reads. A finished job expires (TTL) {@link #KEEP_DONE} after it finished.
 *
 * <p>Guarantees: {@link #advance} writes a state only over the state it follows (same {@code rev}), so a replayed
 * or concurrent runner changes nothing.
 */
public final class DynamoErasureJobs {

    public static final String TABLE_VARIABLE = "ERASURES_TABLE";
    public static final String BY_ACTIVITY_INDEX = "byActivity";
    static final String ACTIVE = "active";
    /** How long a finished job's report is kept. */
    static final Duration KEEP_DONE = Duration.ofDays(365);

    private final DynamoDbJsonClient dynamo;
    private final String table;

    public DynamoErasureJobs(DynamoDbJsonClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static DynamoErasureJobs fromEnvironment(DynamoDbJsonClient dynamo, Environment env) {
        return new DynamoErasureJobs(dynamo, env.require(TABLE_VARIABLE));
    }

    /** Stores a new job; {@code false} when one of that id exists. */
    public boolean create(ErasureJob job) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item(job)).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Writes {@code next} over {@code previous}; {@code false} when the stored job is no longer {@code previous}. */
    public boolean advance(ErasureJob previous, ErasureJob next) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item(next)).conditionExpression("rev = :rev")
                    .expressionAttributeValues(Map.of(":rev", AttributeValue.fromN(Long.toString(previous.rev())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public Optional<ErasureJob> find(String organization, String jobId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(organization, jobId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(job(item));
    }

    /** The organization's unfinished job for a number's hash, if any. */
    public Optional<ErasureJob> activeFor(String organization, String hash) {
        for (QueryResponse page : dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :p")
                .filterExpression("#h = :h AND attribute_exists(#a)").consistentRead(true)
                .expressionAttributeNames(Map.of("#h", "hash", "#a", ACTIVE))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(organization),
                        ":h", AttributeValue.fromS(hash))))) {
            for (Map<String, AttributeValue> item : page.items()) {
                return Optional.of(job(item));
            }
        }
        return Optional.empty();
    }

    /** Every unfinished job (the keys the index lists, read again by key). */
    public List<ErasureJob> active() {
        List<ErasureJob> jobs = new ArrayList<>();
        for (QueryResponse page : dynamo.queryPaginator(b -> b.tableName(table).indexName(BY_ACTIVITY_INDEX)
                .keyConditionExpression("#a = :a").expressionAttributeNames(Map.of("#a", ACTIVE))
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(ACTIVE))))) {
            for (Map<String, AttributeValue> item : page.items()) {
                find(item.get("pk").s(), item.get("sk").s()).ifPresent(jobs::add);
            }
        }
        return jobs;
    }

    static Map<String, AttributeValue> key(String organization, String jobId) {
        return Map.of("pk", AttributeValue.fromS(organization), "sk", AttributeValue.fromS(jobId));
    }

    static Map<String, AttributeValue> item(ErasureJob job) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(job.organization(), job.jobId()));
        item.put("status", AttributeValue.fromS(job.status().wire()));
        item.put("step", AttributeValue.fromS(job.step()));
        put(item, "cursor", job.cursor());
        item.put("rev", AttributeValue.fromN(Long.toString(job.rev())));
        Map<String, AttributeValue> removed = new LinkedHashMap<>();
        job.removed().forEach((table, n) -> removed.put(table, AttributeValue.fromN(Long.toString(n))));
        item.put("removed", AttributeValue.fromM(removed));
        item.put("order", AttributeValue.fromL(job.removed().keySet().stream().map(AttributeValue::fromS).toList()));
        item.put("itemsRead", AttributeValue.fromN(Long.toString(job.itemsRead())));
        put(item, "number", job.number());
        put(item, "countryCode", job.countryCode());
        item.put("hash", AttributeValue.fromS(job.hash()));
        item.put("erasedAt", CallItemLayout.time(job.erasedAt()));
        item.put("requestedBy", AttributeValue.fromS(job.requestedBy()));
        item.put("requestedAt", CallItemLayout.time(job.requestedAt()));
        item.put("updatedAt", CallItemLayout.time(job.updatedAt()));
        if (job.resumeAt() != null) {
            item.put("resumeAt", CallItemLayout.time(job.resumeAt()));
        }
        if (job.finishedAt() != null) {
            item.put("finishedAt", CallItemLayout.time(job.finishedAt()));
            item.put("expiresAt", AttributeValue.fromN(Long.toString(job.finishedAt().plus(KEEP_DONE)
                    .getEpochSecond())));
        } else {
            item.put(ACTIVE, AttributeValue.fromS(ACTIVE));
        }
        return item;
    }

    static ErasureJob job(Map<String, AttributeValue> item) {
        Map<String, Long> removed = new LinkedHashMap<>();
        Map<String, AttributeValue> stored = item.get("removed").m();
        for (AttributeValue table : item.get("order").l()) {
            removed.put(table.s(), Long.parseLong(stored.get(table.s()).n()));
        }
        return new ErasureJob(Items.string(item, "pk"), Items.string(item, "sk"),
                ErasureJob.Status.fromWire(Items.string(item, "status")), Items.string(item, "step"),
                Items.string(item, "cursor"), Long.parseLong(item.get("rev").n()), removed,
                Long.parseLong(item.get("itemsRead").n()), Items.string(item, "number"),
                Items.string(item, "countryCode"), Items.string(item, "hash"), Items.time(item, "erasedAt"),
                Items.string(item, "requestedBy"), Items.time(item, "requestedAt"), Items.time(item, "updatedAt"),
                Items.time(item, "resumeAt"), Items.time(item, "finishedAt"));
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }
}
