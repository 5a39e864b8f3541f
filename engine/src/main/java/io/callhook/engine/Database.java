package io.callhook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.model.Value;
import io.callhook.engine.table.Table;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One shared database: every table, index and stream, and the DynamoDB operations on them. Every operation runs
 * under one lock, so conditional writes, batches and transactions are atomic and serializable; parsing, validation
 * and JSON work happen outside it. This class dispatches each operation to its group ({@link TableOperations},
 * {@link ItemOperations}, {@link BatchOperations}, {@link TransactionOperations}, {@link StreamOperations}), which
 * all share one {@link DatabaseCore}; it also injects faults and sweeps expired TTL items.
 */
public final class Database {

    /** The shared state, the lock and the one place where items change. */
    final DatabaseCore core;
    private final TableOperations tableOps;
    private final ItemOperations itemOps;
    private final BatchOperations batchOps;
    private final TransactionOperations transactionOps;
    private final StreamOperations streamOps;

    Database(Clock clock, String region, Journal journal) {
        core = new DatabaseCore(clock, region, journal);
        tableOps = new TableOperations(core);
        itemOps = new ItemOperations(core);
        batchOps = new BatchOperations(core);
        transactionOps = new TransactionOperations(core);
        streamOps = new StreamOperations(core);
    }

    public Faults faults() {
        return core.faults;
    }

    /** Replaces the clock of a running database (tests and simulations move a {@link ManualClock}). */
    public void clock(Clock replacement) {
        core.clock = replacement;
    }

    /** Per-partition throughput limits (off by default). */
    public PartitionThroughput throughput() {
        return core.throughput;
    }

    /** The units requests consumed (off by default). */
    public CapacityUnits units() {
        return core.units;
    }

    /** Runs one operation; throws {@link DynamoException} for anything DynamoDB would refuse. */
    public ObjectNode handle(String operation, JsonNode request) {
        if (!request.isObject()) {
            throw DynamoException.serialization("Request body must be a JSON object");
        }
        applyFaults(operation, request);
        switch (operation) {
            case "CreateTable":
                return tableOps.createTable(request);
            case "DeleteTable":
                return tableOps.deleteTable(request);
            case "DescribeTable":
                return tableOps.describeTable(request);
            case "ListTables":
                return tableOps.listTables(request);
            case "UpdateTable":
                return tableOps.updateTable(request);
            case "UpdateTimeToLive":
                return tableOps.updateTimeToLive(request);
            case "DescribeTimeToLive":
                return tableOps.describeTimeToLive(request);
            case "PutItem":
                return itemOps.putItem(request);
            case "GetItem":
                return itemOps.getItem(request);
            case "UpdateItem":
                return itemOps.updateItem(request);
            case "DeleteItem":
                return itemOps.deleteItem(request);
            case "Query":
                return itemOps.query(request);
            case "Scan":
                return itemOps.scan(request);
            case "BatchGetItem":
                return batchOps.batchGetItem(request);
            case "BatchWriteItem":
                return batchOps.batchWriteItem(request);
            case "TransactWriteItems":
                return transactionOps.transactWriteItems(request);
            case "TransactGetItems":
                return transactionOps.transactGetItems(request);
            case "ListStreams":
                return streamOps.listStreams(request);
            case "DescribeStream":
                return streamOps.describeStream(request);
            case "GetShardIterator":
                return streamOps.getShardIterator(request);
            case "GetRecords":
                return streamOps.getRecords(request);
            default:
                throw DynamoException.unknownOperation(operation);
        }
    }

    // ---------------------------------------------------------------- faults

    private void applyFaults(String operation, JsonNode request) {
        List<Faults.Rule> firing = core.faults.fire(operation, tablesOf(request));
        for (Faults.Rule rule : firing) {
            if (rule.kind() == Faults.Kind.DELAY) {
                try {
                    Thread.sleep(rule.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                continue;
            }
            throw faultError(rule.kind(), operation, request);
        }
    }

    private static DynamoException faultError(Faults.Kind kind, String operation, JsonNode request) {
        switch (kind) {
            case PROVISIONED_THROUGHPUT_EXCEEDED:
                return new DynamoException("ProvisionedThroughputExceededException", "The level of configured "
                        + "provisioned throughput for the table was exceeded. Consider increasing your provisioning "
                        + "level with the UpdateTable API.", 400);
            case THROTTLING:
                return new DynamoException("ThrottlingException", "Rate of requests exceeds the allowed throughput.",
                        400);
            case TRANSACTION_CONFLICT:
                if (operation.equals("TransactWriteItems") || operation.equals("TransactGetItems")) {
                    JsonNode items = request.get("TransactItems");
                    int count = items != null && items.isArray() ? Math.max(1, items.size()) : 1;
                    List<CancellationReason> reasons = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        reasons.add(i == 0 ? new CancellationReason("TransactionConflict",
                                "Transaction is ongoing for the item", null) : CancellationReason.NONE);
                    }
                    return new TransactionCanceledException(reasons);
                }
                return new DynamoException("TransactionConflictException", "Transaction is ongoing for the item", 400);
            default:
                return DynamoException.internal("Internal server error");
        }
    }

    private static Set<String> tablesOf(JsonNode request) {
        Set<String> names = new HashSet<>();
        JsonNode name = request.get("TableName");
        if (name != null && name.isTextual()) {
            names.add(name.textValue());
        }
        JsonNode requestItems = request.get("RequestItems");
        if (requestItems != null && requestItems.isObject()) {
            requestItems.fieldNames().forEachRemaining(names::add);
        }
        JsonNode transactItems = request.get("TransactItems");
        if (transactItems != null && transactItems.isArray()) {
            for (JsonNode item : transactItems) {
                item.forEach(action -> {
                    JsonNode table = action.get("TableName");
                    if (table != null && table.isTextual()) {
                        names.add(table.textValue());
                    }
                });
            }
        }
        JsonNode streamArn = request.get("StreamArn");
        if (streamArn != null && streamArn.isTextual()) {
            String arn = streamArn.textValue();
            int start = arn.indexOf(":table/");
            int end = arn.indexOf("/stream/");
            if (start >= 0 && end > start) {
                names.add(arn.substring(start + 7, end));
            }
        }
        return names;
    }

    /**
     * Deletes every item whose TTL attribute (epoch seconds) has passed, as DynamoDB's background process does;
     * the stream shows each deletion as a REMOVE made by the service. Returns how many items were deleted.
     */
    public int sweepExpiredItems() {
        core.lock.lock();
        try {
            long nowSeconds = core.now() / 1000;
            List<DatabaseCore.Change> expired = new ArrayList<>();
            for (Table table : core.tables.values()) {
                String attribute = table.definition().ttlAttribute();
                if (attribute == null) {
                    continue;
                }
                for (Map<String, Value> item : table.items()) {
                    if (item.get(attribute) instanceof Value.N n) {
                        // compared as decimals: a long conversion would wrap numbers beyond 64 bits
                        if (n.value().compareTo(java.math.BigDecimal.valueOf(nowSeconds)) <= 0
                                && n.value().compareTo(java.math.BigDecimal.valueOf(
                                        nowSeconds - DatabaseCore.TTL_IGNORED_AFTER_SECONDS)) > 0) {
                            expired.add(new DatabaseCore.Change(table, table.key().keyOf(item), null, true));
                        }
                    }
                }
            }
            commitTtl(expired);
            return expired.size();
        } finally {
            core.lock.unlock();
        }
    }

    private void commitTtl(List<DatabaseCore.Change> expired) {
        core.commit(expired);
    }

    /** Replays journalled changes while opening a data directory. */
    void replay(long atMillis, Runnable apply) {
        core.replay(atMillis, apply);
    }

    Table tableForReplay(String name) {
        return core.tableForReplay(name);
    }

    /** Applies changes journalled before; see {@link DatabaseCore#commit(List)}. */
    void commit(List<DatabaseCore.Change> changes) {
        core.commit(changes);
    }

    /** Compacts the journal if it has grown well past the data (opening a data directory checks this). */
    void compactIfDue() {
        core.compactIfDue();
    }

    /** Compacts the journal now; does nothing in memory. */
    void compact() {
        core.compact();
    }
}
