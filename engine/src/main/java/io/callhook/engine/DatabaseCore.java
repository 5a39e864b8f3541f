package io.callhook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.expr.Condition;
import io.callhook.engine.expr.ExpressionAttributes;
import io.callhook.engine.expr.Expressions;
import io.callhook.engine.expr.Projection;
import io.callhook.engine.model.Value;
import io.callhook.engine.request.Requests;
import io.callhook.engine.stream.StreamLog;
import io.callhook.engine.stream.StreamRecord;
import io.callhook.engine.table.Table;
import io.callhook.engine.table.TableDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The state every part of the {@link Database} shares: its tables and streams, the one lock every operation runs
 * under, the clock, the journal, and {@link #commit(List)}, the one place where items change (journal first, then
 * tables and stream records); also the request parts every operation reads the same way. Each group of operations
 * ({@link TableOperations}, {@link ItemOperations}, {@link BatchOperations}, {@link TransactionOperations},
 * {@link StreamOperations}) holds this one instance.
 */
final class DatabaseCore {

    static final int MAX_ITEM_BYTES = 400 * 1024;
    static final int PAGE_BYTES = 1024 * 1024;
    static final long TRANSACTION_TOKEN_MILLIS = 10 * 60 * 1000;
    static final long TTL_IGNORED_AFTER_SECONDS = 5L * 365 * 24 * 60 * 60;

    final ReentrantLock lock = new ReentrantLock();
    final Map<String, Table> tables = new TreeMap<>();
    final Map<String, StreamLog> streams = new LinkedHashMap<>();
    final Map<String, StreamLog> streamOfTable = new LinkedHashMap<>();
    final Map<String, TokenUse> transactionTokens = new LinkedHashMap<>();
    volatile Clock clock;
    final String region;
    final Journal journal;
    final Faults faults = new Faults();
    final PartitionThroughput throughput = new PartitionThroughput();
    final CapacityUnits units = new CapacityUnits();
    long sequence;
    Long replayTime;
    /** Every table operation applied, in order, with the sequence number it saw: what a snapshot replays. */
    final List<TableOperation> tableOperations = new ArrayList<>();

    /** One change to one item, the unit of journalling and of stream records. */
    record Change(Table table, Map<String, Value> key, Map<String, Value> item, boolean byTtl) {
    }

    record TokenUse(String requestDigest, long atMillis, ObjectNode response) {
    }

    /** A table operation as journalled, with the stream sequence number when it ran (streams open and close at it). */
    record TableOperation(long at, String operation, JsonNode request, long sequence) {
    }

    DatabaseCore(Clock clock, String region, Journal journal) {
        this.clock = clock;
        this.region = region;
        this.journal = journal;
    }

    long now() {
        return replayTime != null ? replayTime : clock.millis();
    }

    /** Runs {@code work} holding the database lock. */
    <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    Table table(String name) {
        TableDefinition.checkName(name, "tableName");
        Table table = tables.get(name);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return table;
    }

    Table tableFor(String name) {
        return locked(() -> {
            return table(name);
        });
    }

    // ---------------------------------------------------------------- commit, streams, TTL

    /**
     * Applies changes atomically: journals them first (so an acknowledged write survives a crash), then applies
     * them and appends a stream record for every item that really changed. Caller holds the lock.
     */
    void commit(List<Change> changes) {
        commit(changes, false);
    }

    /** As {@link #commit(List)}; a transaction's changes cost twice the units. */
    void commit(List<Change> changes, boolean transactional) {
        if (changes.isEmpty()) {
            return;
        }
        long at = now();
        if (replayTime == null) {
            throughput.chargeWrites(changes, at);
            units.chargeWrites(changes, transactional);
        }
        if (journal != null && replayTime == null) {
            journal.write(at, changes);
        }
        for (Change change : changes) {
            Table table = change.table;
            Map<String, Value> old = change.item == null ? table.remove(change.key) : table.put(change.item);
            if (Objects.equals(old, change.item)) {
                continue;
            }
            StreamLog stream = streamOfTable.get(table.definition().name());
            if (stream != null && stream.open()) {
                String event = old == null ? "INSERT" : change.item == null ? "REMOVE" : "MODIFY";
                stream.append(new StreamRecord(++sequence, event, at, table.key().keyOf(change.key), old,
                        change.item, change.byTtl));
            }
        }
        compactIfDue();
    }

    /** Replays journalled changes while opening a data directory. */
    void replay(long atMillis, Runnable apply) {
        lock.lock();
        try {
            replayTime = atMillis;
            apply.run();
        } finally {
            replayTime = null;
            lock.unlock();
        }
    }

    Table tableForReplay(String name) {
        return table(name);
    }

    /**
     * Journals a table operation with the time the operation used (stream labels, shard ids and creation times
     * derive from it), so that replaying it rebuilds the same ARNs.
     */
    void journalTableOperation(long at, String operation, JsonNode request) {
        if (journal != null && replayTime == null) {
            journal.writeTableOperation(at, operation, request);
        }
        tableOperations.add(new TableOperation(at, operation, request, sequence));
    }

    /**
     * Compacts the journal into a snapshot when it has grown well beyond the data (see {@link Journal}). The write
     * that triggered it is already durable, so a failed compaction does not fail it: the journal goes on (or, if the
     * failure came after the new snapshot was in place, refuses the next writes).
     */
    void compactIfDue() {
        if (journal != null && replayTime == null && journal.compactionDue()) {
            try {
                compact();
            } catch (DynamoException e) {
                System.err.println("engine: " + e.getMessage());
            }
        }
    }

    /** Writes a snapshot of the whole database and starts an empty journal after it; holds the lock. */
    void compact() {
        if (journal == null) {
            return;
        }
        lock.lock();
        try {
            journal.compact(this, Journal.Step.JOURNAL_RESET);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- shared request parts

    Table liveTable(Table table) {
        Table live = tables.get(table.definition().name());
        if (live != table) {
            throw DynamoException.resourceNotFound("Requested resource not found");
        }
        return live;
    }

    static Map<String, Value> requiredKey(JsonNode request, Table table) {
        Map<String, Value> key = Requests.item(request, "Key");
        if (key == null) {
            throw missing("key");
        }
        table.key().checkKey(key);
        return key;
    }

    static DynamoException missing(String member) {
        return DynamoException.validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }

    static ExpressionAttributes attributes(JsonNode request) {
        Map<String, String> names = Requests.stringMap(request, "ExpressionAttributeNames");
        Map<String, Value> values = Requests.item(request, "ExpressionAttributeValues");
        boolean anyExpression = false;
        for (String name : List.of("ConditionExpression", "FilterExpression", "KeyConditionExpression",
                "ProjectionExpression", "UpdateExpression")) {
            anyExpression |= request.hasNonNull(name);
        }
        if (names != null && !anyExpression) {
            throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (values != null && !anyExpression) {
            throw DynamoException.validation("ExpressionAttributeValues can only be specified when using "
                    + "expressions");
        }
        if (names != null && names.isEmpty()) {
            throw DynamoException.validation("ExpressionAttributeNames must not be empty");
        }
        if (values != null && values.isEmpty()) {
            throw DynamoException.validation("ExpressionAttributeValues must not be empty");
        }
        return new ExpressionAttributes(names, values);
    }

    static Condition condition(JsonNode request, String parameter, ExpressionAttributes attributes) {
        String text = Requests.optionalString(request, parameter);
        return text == null ? null : Expressions.condition(text, parameter, attributes);
    }

    static Projection projection(JsonNode request, ExpressionAttributes attributes) {
        String text = Requests.optionalString(request, "ProjectionExpression");
        return text == null ? null : Expressions.projection(text, attributes);
    }

    /** ReturnConsumedCapacity and ReturnItemCollectionMetrics, which writes accept and this engine answers with. */
    static void checkWriteOptions(JsonNode request) {
        Requests.enumValue(request, "ReturnConsumedCapacity", "NONE", List.of("NONE", "TOTAL", "INDEXES"));
        Requests.enumValue(request, "ReturnItemCollectionMetrics", "NONE", List.of("NONE", "SIZE"));
    }

    static boolean oldOnFailure(JsonNode request) {
        return Requests.enumValue(request, "ReturnValuesOnConditionCheckFailure", "NONE", List.of("NONE", "ALL_OLD"))
                .equals("ALL_OLD");
    }

    static void consumed(JsonNode request, ObjectNode response, String table, double units) {
        String mode = Requests.enumValue(request, "ReturnConsumedCapacity", "NONE", List.of("NONE", "TOTAL",
                "INDEXES"));
        if (!mode.equals("NONE")) {
            response.putObject("ConsumedCapacity").put("TableName", table).put("CapacityUnits", units);
        }
    }
}
