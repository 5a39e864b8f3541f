package io.callhook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.expr.Condition;
import io.callhook.engine.expr.ExpressionAttributes;
import io.callhook.engine.expr.Expressions;
import io.callhook.engine.expr.KeyCondition;
import io.callhook.engine.expr.Projection;
import io.callhook.engine.expr.SortKeyCondition;
import io.callhook.engine.expr.Update;
import io.callhook.engine.model.Value;
import io.callhook.engine.model.ValueJson;
import io.callhook.engine.model.Values;
import io.callhook.engine.request.Requests;
import io.callhook.engine.stream.StreamLog;
import io.callhook.engine.stream.StreamRecord;
import io.callhook.engine.table.IndexDefinition;
import io.callhook.engine.table.KeySchema;
import io.callhook.engine.table.Table;
import io.callhook.engine.table.TableDefinition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One shared database: every table, index and stream, and the DynamoDB operations on them. Every operation runs
 * under one lock, so conditional writes, batches and transactions are atomic and serializable; parsing, validation
 * and JSON work happen outside it.
 */
public final class Database {

    static final int MAX_ITEM_BYTES = 400 * 1024;
    static final int PAGE_BYTES = 1024 * 1024;
    private static final long TRANSACTION_TOKEN_MILLIS = 10 * 60 * 1000;
    private static final long TTL_IGNORED_AFTER_SECONDS = 5L * 365 * 24 * 60 * 60;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Table> tables = new TreeMap<>();
    private final Map<String, StreamLog> streams = new LinkedHashMap<>();
    private final Map<String, StreamLog> streamOfTable = new LinkedHashMap<>();
    private final Map<String, TokenUse> transactionTokens = new LinkedHashMap<>();
    private volatile Clock clock;
    private final String region;
    private final Journal journal;
    private final Faults faults = new Faults();
    private final PartitionThroughput throughput = new PartitionThroughput();
    private final CapacityUnits units = new CapacityUnits();
    private long sequence;
    private Long replayTime;

    /** One change to one item, the unit of journalling and of stream records. */
    record Change(Table table, Map<String, Value> key, Map<String, Value> item, boolean byTtl) {
    }

    private record TokenUse(String requestDigest, long atMillis, ObjectNode response) {
    }

    Database(Clock clock, String region, Journal journal) {
        this.clock = clock;
        this.region = region;
        this.journal = journal;
    }

    public Faults faults() {
        return faults;
    }

    /** Replaces the clock of a running database (tests and simulations move a {@link ManualClock}). */
    public void clock(Clock replacement) {
        this.clock = replacement;
    }

    /** Per-partition throughput limits (off by default). */
    public PartitionThroughput throughput() {
        return throughput;
    }

    /** The units requests consumed (off by default). */
    public CapacityUnits units() {
        return units;
    }

    long now() {
        return replayTime != null ? replayTime : clock.millis();
    }

    /** Runs {@code work} holding the database lock. */
    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs one operation; throws {@link DynamoException} for anything DynamoDB would refuse. */
    public ObjectNode handle(String operation, JsonNode request) {
        if (!request.isObject()) {
            throw DynamoException.serialization("Request body must be a JSON object");
        }
        applyFaults(operation, request);
        switch (operation) {
            case "CreateTable":
                return createTable(request);
            case "DeleteTable":
                return deleteTable(request);
            case "DescribeTable":
                return describeTable(request);
            case "ListTables":
                return listTables(request);
            case "UpdateTable":
                return updateTable(request);
            case "UpdateTimeToLive":
                return updateTimeToLive(request);
            case "DescribeTimeToLive":
                return describeTimeToLive(request);
            case "PutItem":
                return putItem(request);
            case "GetItem":
                return getItem(request);
            case "UpdateItem":
                return updateItem(request);
            case "DeleteItem":
                return deleteItem(request);
            case "Query":
                return query(request);
            case "Scan":
                return scan(request);
            case "BatchGetItem":
                return batchGetItem(request);
            case "BatchWriteItem":
                return batchWriteItem(request);
            case "TransactWriteItems":
                return transactWriteItems(request);
            case "TransactGetItems":
                return transactGetItems(request);
            case "ListStreams":
                return listStreams(request);
            case "DescribeStream":
                return describeStream(request);
            case "GetShardIterator":
                return getShardIterator(request);
            case "GetRecords":
                return getRecords(request);
            default:
                throw DynamoException.unknownOperation(operation);
        }
    }

    // ---------------------------------------------------------------- faults

    private void applyFaults(String operation, JsonNode request) {
        List<Faults.Rule> firing = faults.fire(operation, tablesOf(request));
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

    // ---------------------------------------------------------------- tables

    private ObjectNode createTable(JsonNode request) {
        long at = now();
        TableDefinition definition = TableDefinition.fromCreateRequest(request, at, region);
        return locked(() -> {
            if (tables.containsKey(definition.name())) {
                throw DynamoException.resourceInUse("Table already exists: " + definition.name());
            }
            journalTableOperation(at, "CreateTable", request);
            Table table = new Table(definition);
            tables.put(definition.name(), table);
            if (definition.streamViewType() != null) {
                openStream(definition, at);
            }
            ObjectNode response = Requests.object();
            response.set("TableDescription", describe(table, "ACTIVE"));
            return response;
        });
    }

    private ObjectNode deleteTable(JsonNode request) {
        String name = Requests.requiredString(request, "TableName");
        return locked(() -> {
            Table table = table(name);
            journalTableOperation(now(), "DeleteTable", request);
            tables.remove(name);
            StreamLog stream = streamOfTable.remove(name);
            if (stream != null) {
                stream.close(sequence);
            }
            ObjectNode response = Requests.object();
            response.set("TableDescription", describe(table, "DELETING"));
            return response;
        });
    }

    private ObjectNode describeTable(JsonNode request) {
        String name = Requests.requiredString(request, "TableName");
        return locked(() -> {
            ObjectNode response = Requests.object();
            response.set("Table", describe(table(name), "ACTIVE"));
            return response;
        });
    }

    private ObjectNode listTables(JsonNode request) {
        String start = Requests.optionalString(request, "ExclusiveStartTableName");
        if (start != null) {
            TableDefinition.checkName(start, "exclusiveStartTableName");
        }
        Integer limit = Requests.optionalInt(request, "Limit", 1, 100);
        int max = limit == null ? 100 : limit;
        return locked(() -> {
            ObjectNode response = Requests.object();
            ArrayNode names = response.putArray("TableNames");
            String last = null;
            for (String name : tables.keySet()) {
                if (start != null && name.compareTo(start) <= 0) {
                    continue;
                }
                if (names.size() == max) {
                    response.put("LastEvaluatedTableName", last);
                    break;
                }
                names.add(name);
                last = name;
            }
            return response;
        });
    }

    private ObjectNode updateTable(JsonNode request) {
        String name = Requests.requiredString(request, "TableName");
        return locked(() -> {
            Table table = table(name);
            TableDefinition definition = table.definition();
            long at = now();
            boolean changed = false;
            // Everything is checked before anything changes: a refused UpdateTable leaves the table as it was.
            boolean billing = request.hasNonNull("BillingMode") || request.hasNonNull("ProvisionedThroughput");
            if (billing) {
                definition.checkBilling(request);
            }
            JsonNode stream = Requests.optionalObject(request, "StreamSpecification");
            if (stream != null) {
                definition.checkStream(stream);
            }
            List<JsonNode> updates = Requests.optionalObjects(request, "GlobalSecondaryIndexUpdates");
            if (updates != null && updates.size() > 1) {
                throw DynamoException.validation("One or more parameter values were invalid: You can create or "
                        + "delete only one global secondary index per UpdateTable operation");
            }
            if (updates != null) {
                for (JsonNode update : updates) {
                    JsonNode create = Requests.optionalObject(update, "Create");
                    JsonNode delete = Requests.optionalObject(update, "Delete");
                    if (create != null) {
                        ObjectNode withDefinitions = create.deepCopy();
                        if (request.has("AttributeDefinitions")) {
                            withDefinitions.set("__AttributeDefinitions", request.get("AttributeDefinitions"));
                        }
                        definition.addGlobalIndex(withDefinitions);
                        String indexName = create.get("IndexName").textValue();
                        try {
                            table.buildIndex(definition.indexes().get(indexName));
                        } catch (DynamoException e) {
                            definition.removeGlobalIndex(indexName);
                            throw e;
                        }
                    } else if (delete != null) {
                        String indexName = Requests.requiredString(delete, "IndexName");
                        definition.removeGlobalIndex(indexName);
                        table.dropIndex(indexName);
                    } else {
                        throw DynamoException.validation("One or more parameter values were invalid: "
                                + "GlobalSecondaryIndexUpdates needs Create or Delete");
                    }
                    changed = true;
                }
            }
            if (billing) {
                definition.setBilling(request, false);
                changed = true;
            }
            if (stream != null) {
                StreamLog previous = streamOfTable.get(name);
                boolean opened = definition.setStream(stream, at);
                if (previous != null && previous.open()) {
                    previous.close(sequence);
                }
                if (opened) {
                    openStream(definition, at);
                }
                changed = true;
            }
            if (!changed) {
                throw DynamoException.validation("At least one of ProvisionedThroughput, BillingMode, "
                        + "UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is "
                        + "required");
            }
            journalTableOperation(at, "UpdateTable", request);
            ObjectNode response = Requests.object();
            response.set("TableDescription", describe(table, "ACTIVE"));
            return response;
        });
    }

    private void openStream(TableDefinition definition, long at) {
        String shardId = "shardId-" + String.format("%020d", at) + "-" + Integer.toHexString(
                definition.streamArn().hashCode());
        StreamLog log = new StreamLog(definition.streamArn(), definition.streamLabel(), definition.streamViewType(),
                shardId, sequence + 1);
        streams.put(log.arn(), log);
        streamOfTable.put(definition.name(), log);
    }

    private ObjectNode updateTimeToLive(JsonNode request) {
        String name = Requests.requiredString(request, "TableName");
        JsonNode specification = Requests.requiredObject(request, "TimeToLiveSpecification");
        Boolean enabled = Requests.optionalBoolean(specification, "Enabled");
        String attribute = Requests.requiredString(specification, "AttributeName");
        if (enabled == null) {
            throw DynamoException.validation("1 validation error detected: Value null at "
                    + "'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null");
        }
        if (attribute.isEmpty() || attribute.length() > 255) {
            throw DynamoException.validation("1 validation error detected: Value '" + attribute + "' at "
                    + "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length "
                    + "between 1 and 255");
        }
        return locked(() -> {
            TableDefinition definition = table(name).definition();
            if (enabled) {
                if (definition.ttlAttribute() != null) {
                    throw DynamoException.validation("TimeToLive is already enabled");
                }
                definition.ttlAttribute(attribute);
            } else {
                if (definition.ttlAttribute() == null) {
                    throw DynamoException.validation("TimeToLive is already disabled");
                }
                if (!definition.ttlAttribute().equals(attribute)) {
                    throw DynamoException.validation("TimeToLive is active on a different AttributeName: current "
                            + "AttributeName is " + definition.ttlAttribute());
                }
                definition.ttlAttribute(null);
            }
            journalTableOperation(now(), "UpdateTimeToLive", request);
            ObjectNode response = Requests.object();
            response.putObject("TimeToLiveSpecification").put("Enabled", enabled).put("AttributeName", attribute);
            return response;
        });
    }

    private ObjectNode describeTimeToLive(JsonNode request) {
        String name = Requests.requiredString(request, "TableName");
        return locked(() -> {
            String attribute = table(name).definition().ttlAttribute();
            ObjectNode response = Requests.object();
            ObjectNode description = response.putObject("TimeToLiveDescription");
            description.put("TimeToLiveStatus", attribute == null ? "DISABLED" : "ENABLED");
            if (attribute != null) {
                description.put("AttributeName", attribute);
            }
            return response;
        });
    }

    private ObjectNode describe(Table table, String status) {
        return table.definition().describe(status, table.itemCount(), table.sizeBytes(), table.indexStats());
    }

    private Table table(String name) {
        TableDefinition.checkName(name, "tableName");
        Table table = tables.get(name);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return table;
    }

    private Table tableFor(String name) {
        return locked(() -> {
            return table(name);
        });
    }

    // ---------------------------------------------------------------- single items

    /** The parsed expressions and options of one single-item write, checked before the lock is taken. */
    private record WriteRequest(WriteKind kind, Table table, Map<String, Value> key, Map<String, Value> item,
                                Update update, Condition condition, String returnValues, boolean oldOnFailure) {
    }

    private enum WriteKind { PUT, UPDATE, DELETE, CHECK }

    private ObjectNode putItem(JsonNode request) {
        Requests.refuseLegacy(request, "Expected", "ConditionalOperator");
        String tableName = Requests.requiredString(request, "TableName");
        Map<String, Value> item = Requests.item(request, "Item");
        if (item == null) {
            throw missing("item");
        }
        Table table = tableFor(tableName);
        table.checkItem(item);
        ExpressionAttributes attributes = attributes(request);
        Condition condition = condition(request, "ConditionExpression", attributes);
        attributes.checkAllUsed();
        String returnValues = Requests.enumValue(request, "ReturnValues", "NONE",
                List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        if (!returnValues.equals("NONE") && !returnValues.equals("ALL_OLD")) {
            throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        checkWriteOptions(request);
        WriteRequest write = new WriteRequest(WriteKind.PUT, table, table.key().keyOf(item), item, null, condition,
                returnValues, oldOnFailure(request));
        return singleWrite(write);
    }

    private ObjectNode updateItem(JsonNode request) {
        Requests.refuseLegacy(request, "AttributeUpdates", "Expected", "ConditionalOperator");
        Table table = tableFor(Requests.requiredString(request, "TableName"));
        Map<String, Value> key = requiredKey(request, table);
        ExpressionAttributes attributes = attributes(request);
        String text = Requests.optionalString(request, "UpdateExpression");
        Update update = text == null ? null : Expressions.update(text, attributes);
        Condition condition = condition(request, "ConditionExpression", attributes);
        attributes.checkAllUsed();
        if (update != null) {
            for (String name : update.topLevelNames()) {
                if (table.key().isKey(name)) {
                    throw DynamoException.validation("One or more parameter values were invalid: Cannot update "
                            + "attribute " + name + ". This attribute is part of the key");
                }
            }
        }
        String returnValues = Requests.enumValue(request, "ReturnValues", "NONE",
                List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        checkWriteOptions(request);
        return singleWrite(new WriteRequest(WriteKind.UPDATE, table, key, null, update, condition, returnValues,
                oldOnFailure(request)));
    }

    private ObjectNode deleteItem(JsonNode request) {
        Requests.refuseLegacy(request, "Expected", "ConditionalOperator");
        Table table = tableFor(Requests.requiredString(request, "TableName"));
        Map<String, Value> key = requiredKey(request, table);
        ExpressionAttributes attributes = attributes(request);
        Condition condition = condition(request, "ConditionExpression", attributes);
        attributes.checkAllUsed();
        String returnValues = Requests.enumValue(request, "ReturnValues", "NONE",
                List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        if (!returnValues.equals("NONE") && !returnValues.equals("ALL_OLD")) {
            throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        checkWriteOptions(request);
        return singleWrite(new WriteRequest(WriteKind.DELETE, table, key, null, null, condition, returnValues,
                oldOnFailure(request)));
    }

    private ObjectNode singleWrite(WriteRequest write) {
        ObjectNode response = Requests.object();
        lock.lock();
        try {
            Table table = liveTable(write.table);
            Map<String, Value> old = table.get(write.key);
            if (write.condition != null && !write.condition.test(old == null ? Map.of() : old)) {
                units.chargeFailedWrite(table, old);
                throw new ConditionalCheckFailedException(write.oldOnFailure ? old : null);
            }
            Map<String, Value> next = after(table, write, old);
            commit(List.of(new Change(table, write.key, next, false)));
            Map<String, Value> returned = returned(write, old, next);
            if (returned != null && !returned.isEmpty()) {
                response.set("Attributes", ValueJson.writeItem(returned));
            }
        } finally {
            lock.unlock();
        }
        return response;
    }

    /** The item after a write: the new item of a put, null for a delete, the updated item of an update. */
    private static Map<String, Value> after(Table table, WriteRequest write, Map<String, Value> old) {
        switch (write.kind) {
            case PUT:
                return write.item;
            case DELETE:
                return null;
            default:
                Map<String, Value> base = old == null ? write.key : old;
                Map<String, Value> next = write.update == null ? base : write.update.apply(base);
                table.checkItem(next);
                return next;
        }
    }

    private static Map<String, Value> returned(WriteRequest write, Map<String, Value> old, Map<String, Value> next) {
        switch (write.returnValues) {
            case "ALL_OLD":
                return old;
            case "ALL_NEW":
                return next;
            case "UPDATED_OLD":
                return old == null || write.update == null ? null : write.update.updatedPaths().apply(old);
            case "UPDATED_NEW":
                return next == null || write.update == null ? null : write.update.updatedPaths().apply(next);
            default:
                return null;
        }
    }

    private ObjectNode getItem(JsonNode request) {
        Requests.refuseLegacy(request, "AttributesToGet");
        Table table = tableFor(Requests.requiredString(request, "TableName"));
        Map<String, Value> key = requiredKey(request, table);
        ExpressionAttributes attributes = attributes(request);
        Projection projection = projection(request, attributes);
        attributes.checkAllUsed();
        boolean consistent = Boolean.TRUE.equals(Requests.optionalBoolean(request, "ConsistentRead"));
        Map<String, Value> item;
        lock.lock();
        try {
            item = liveTable(table).get(key);
            throughput.chargeRead(table.definition().name(), null, key.get(table.key().partitionName()),
                    item == null ? 0 : Values.itemSize(item), consistent, now());
            units.chargeRead(table.definition().name(), null, item == null ? 0 : Values.itemSize(item), consistent,
                    1);
        } finally {
            lock.unlock();
        }
        ObjectNode response = Requests.object();
        if (item != null) {
            response.set("Item", ValueJson.writeItem(projection == null ? item : projection.apply(item)));
        }
        consumed(request, response, table.definition().name(), 1);
        return response;
    }

    // ---------------------------------------------------------------- query and scan

    private ObjectNode query(JsonNode request) {
        Requests.refuseLegacy(request, "KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator");
        Table table = tableFor(Requests.requiredString(request, "TableName"));
        IndexDefinition index = index(table, request);
        KeySchema schema = index == null ? table.key() : index.key();
        ExpressionAttributes attributes = attributes(request);
        String keyText = Requests.optionalString(request, "KeyConditionExpression");
        if (keyText == null) {
            throw DynamoException.validation("Either the KeyConditions or KeyConditionExpression parameter must be "
                    + "specified in the request.");
        }
        KeyCondition key = Expressions.keyCondition(keyText, attributes)
                .forSchema(schema.partitionName(), schema.sortName());
        checkKeyCondition(key, schema);
        Condition filter = condition(request, "FilterExpression", attributes);
        Projection projection = projection(request, attributes);
        attributes.checkAllUsed();
        if (filter != null) {
            checkFilterOnNonKeys(filter, table, index);
        }
        boolean forward = !Boolean.FALSE.equals(Requests.optionalBoolean(request, "ScanIndexForward"));
        Integer limit = Requests.optionalInt(request, "Limit", 1, Integer.MAX_VALUE);
        String select = select(request, index, projection);
        Map<String, Value> start = exclusiveStart(request, table, index);
        if (start != null && !key.partitionValue().equals(start.get(schema.partitionName()))) {
            throw DynamoException.validation("The provided starting key is outside query boundaries based on "
                    + "provided conditions");
        }
        consistentRead(request, index);
        lock.lock();
        try {
            Table live = liveTable(table);
            Iterator<Map<String, Value>> items = live.query(index, key.partitionValue(), key.sort(), forward, start);
            Page page = page(request, live, index, items, limit, filter, projection, select);
            throughput.chargeRead(live.definition().name(), index == null ? null : index.name(),
                    key.partitionValue(), page.bytesRead(), Boolean.TRUE.equals(
                            Requests.optionalBoolean(request, "ConsistentRead")), now());
            units.chargeRead(live.definition().name(), index == null ? null : index.name(), page.bytesRead(),
                    Boolean.TRUE.equals(Requests.optionalBoolean(request, "ConsistentRead")), 1);
            return page.response();
        } finally {
            lock.unlock();
        }
    }

    private ObjectNode scan(JsonNode request) {
        Requests.refuseLegacy(request, "ScanFilter", "AttributesToGet", "ConditionalOperator");
        Table table = tableFor(Requests.requiredString(request, "TableName"));
        IndexDefinition index = index(table, request);
        ExpressionAttributes attributes = attributes(request);
        Condition filter = condition(request, "FilterExpression", attributes);
        Projection projection = projection(request, attributes);
        attributes.checkAllUsed();
        Integer limit = Requests.optionalInt(request, "Limit", 1, Integer.MAX_VALUE);
        String select = select(request, index, projection);
        Integer segment = Requests.optionalInt(request, "Segment", 0, 999999);
        Integer totalSegments = Requests.optionalInt(request, "TotalSegments", 1, 1000000);
        if ((segment == null) != (totalSegments == null)) {
            throw DynamoException.validation("The TotalSegments parameter is required but was not present in the "
                    + "request when Segment parameter is present");
        }
        if (segment != null && segment >= totalSegments) {
            throw DynamoException.validation("The Segment parameter is zero-based and must be less than parameter "
                    + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + totalSegments);
        }
        Map<String, Value> start = exclusiveStart(request, table, index);
        consistentRead(request, index);
        return locked(() -> {
            Table live = liveTable(table);
            Iterator<Map<String, Value>> items = live.scan(index, segment == null ? 0 : segment,
                    totalSegments == null ? 1 : totalSegments, start);
            Page page = page(request, live, index, items, limit, filter, projection, select);
            units.chargeRead(live.definition().name(), index == null ? null : index.name(), page.bytesRead(),
                    Boolean.TRUE.equals(Requests.optionalBoolean(request, "ConsistentRead")), 1);
            return page.response();
        });
    }

    /** One page of a Query or Scan, and how many bytes of items it read (before the filter). */
    private record Page(ObjectNode response, long bytesRead) {
    }

    private Page page(JsonNode request, Table table, IndexDefinition index, Iterator<Map<String, Value>> items,
                      Integer limit, Condition filter, Projection projection, String select) {
        ObjectNode response = Requests.object();
        ArrayNode found = select.equals("COUNT") ? null : response.putArray("Items");
        int count = 0;
        int scanned = 0;
        long bytes = 0;
        Map<String, Value> last = null;
        while (items.hasNext()) {
            if ((limit != null && scanned == limit) || bytes >= PAGE_BYTES) {
                response.set("LastEvaluatedKey", ValueJson.writeItem(lastKey(table, index, last)));
                break;
            }
            Map<String, Value> item = items.next();
            scanned++;
            bytes += Values.itemSize(item);
            last = item;
            if (filter != null && !filter.test(item)) {
                continue;
            }
            count++;
            if (found != null) {
                Map<String, Value> shown = item;
                if (index != null && !select.equals("ALL_ATTRIBUTES")) {
                    shown = index.project(item, table.key());
                }
                if (projection != null) {
                    shown = projection.apply(shown);
                }
                found.add(ValueJson.writeItem(shown));
            }
        }
        if (limit != null && scanned == limit && !response.has("LastEvaluatedKey") && last != null) {
            response.set("LastEvaluatedKey", ValueJson.writeItem(lastKey(table, index, last)));
        }
        response.put("Count", count);
        response.put("ScannedCount", scanned);
        consumed(request, response, table.definition().name(), Math.max(1, (bytes + 4095) / 4096) / 2.0);
        return new Page(response, bytes);
    }

    private static Map<String, Value> lastKey(Table table, IndexDefinition index, Map<String, Value> item) {
        Map<String, Value> key = table.key().keyOf(item);
        if (index != null) {
            key.putAll(index.key().keyOf(item));
        }
        return key;
    }

    private static IndexDefinition index(Table table, JsonNode request) {
        String name = Requests.optionalString(request, "IndexName");
        if (name == null) {
            return null;
        }
        IndexDefinition index = table.definition().indexes().get(name);
        if (index == null) {
            throw DynamoException.validation("The table does not have the specified index: " + name);
        }
        return index;
    }

    private static void consistentRead(JsonNode request, IndexDefinition index) {
        if (Boolean.TRUE.equals(Requests.optionalBoolean(request, "ConsistentRead")) && index != null
                && index.global()) {
            throw DynamoException.validation("Consistent reads are not supported on global secondary indexes");
        }
    }

    private static String select(JsonNode request, IndexDefinition index, Projection projection) {
        String select = Requests.enumValue(request, "Select", null,
                List.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"));
        if (select == null) {
            return projection != null ? "SPECIFIC_ATTRIBUTES" : index == null ? "ALL_ATTRIBUTES"
                    : "ALL_PROJECTED_ATTRIBUTES";
        }
        if (projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw DynamoException.validation("Cannot specify the ProjectionExpression when choosing to get "
                    + select);
        }
        if (select.equals("SPECIFIC_ATTRIBUTES") && projection == null) {
            throw DynamoException.validation("ProjectionExpression must be specified when choosing to get "
                    + "SPECIFIC_ATTRIBUTES");
        }
        if (select.equals("ALL_PROJECTED_ATTRIBUTES") && index == null) {
            throw DynamoException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an "
                    + "IndexName");
        }
        if (select.equals("ALL_ATTRIBUTES") && index != null && index.global()
                && !index.projectionType().equals("ALL")) {
            throw DynamoException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                    + "is not supported for global secondary index " + index.name()
                    + " because its projection type is not ALL");
        }
        return select;
    }

    private static void checkKeyCondition(KeyCondition key, KeySchema schema) {
        if (!key.partitionName().equals(schema.partitionName())) {
            throw DynamoException.validation("Query condition missed key schema element: " + schema.partitionName());
        }
        if (!key.partitionValue().type().equals(schema.partitionType())) {
            throw DynamoException.validation("One or more parameter values were invalid: Condition parameter type "
                    + "does not match schema type");
        }
        SortKeyCondition sort = key.sort();
        if (sort != null) {
            if (!schema.hasSort() || !sort.name().equals(schema.sortName())) {
                throw DynamoException.validation("Query condition missed key schema element: "
                        + (schema.hasSort() ? schema.sortName() : sort.name()));
            }
            if (!sort.value().type().equals(schema.sortType())
                    || (sort.upper() != null && !sort.upper().type().equals(schema.sortType()))) {
                throw DynamoException.validation("One or more parameter values were invalid: Condition parameter "
                        + "type does not match schema type");
            }
            if (sort.operator() == SortKeyCondition.Operator.BEGINS_WITH && schema.sortType().equals("N")) {
                throw DynamoException.validation("Invalid KeyConditionExpression: Incorrect operand type for "
                        + "operator or function; operator or function: begins_with, operand type: N");
            }
            if (sort.operator() == SortKeyCondition.Operator.BETWEEN
                    && Values.compare(sort.value(), sort.upper()) > 0) {
                throw DynamoException.validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper "
                        + "bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {"
                        + sort.value().type() + ":" + sort.value() + "}, upper bound operand: AttributeValue: {"
                        + sort.upper().type() + ":" + sort.upper() + "}");
            }
        }
    }

    private static void checkFilterOnNonKeys(Condition filter, Table table, IndexDefinition index) {
        KeySchema schema = index == null ? table.key() : index.key();
        for (String name : Expressions.topLevelNames(filter)) {
            if (schema.isKey(name)) {
                throw DynamoException.validation("Filter Expression can only contain non-primary key attributes: "
                        + "Primary key attribute: " + name);
            }
        }
    }

    private static Map<String, Value> exclusiveStart(JsonNode request, Table table, IndexDefinition index) {
        Map<String, Value> start = Requests.item(request, "ExclusiveStartKey");
        if (start == null) {
            return null;
        }
        Set<String> expected = new LinkedHashSet<>(table.key().keyOf(Map.of()).keySet());
        if (index != null) {
            expected.addAll(index.key().keyOf(Map.of()).keySet());
        }
        if (!start.keySet().equals(expected)) {
            throw DynamoException.validation("The provided starting key is invalid: The provided key element does "
                    + "not match the schema");
        }
        for (String name : expected) {
            String type = table.definition().attributeType(name);
            if (!start.get(name).type().equals(type)) {
                throw DynamoException.validation("The provided starting key is invalid: The provided key element "
                        + "does not match the schema");
            }
        }
        return start;
    }

    // ---------------------------------------------------------------- batches

    private ObjectNode batchGetItem(JsonNode request) {
        JsonNode requestItems = Requests.requiredObject(request, "RequestItems");
        if (requestItems.size() == 0) {
            throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        record Reads(Table table, List<Map<String, Value>> keys, Projection projection, boolean consistent) {
        }
        List<Reads> reads = new ArrayList<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            Table table = tableFor(entry.getKey());
            JsonNode spec = Requests.requiredObject(requestItems, entry.getKey());
            Requests.refuseLegacy(spec, "AttributesToGet");
            List<JsonNode> keyNodes = Requests.requiredList(spec, "Keys");
            if (keyNodes.isEmpty()) {
                throw DynamoException.validation("1 validation error detected: Value at 'requestItems." + entry.getKey()
                        + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal "
                        + "to 1");
            }
            List<Map<String, Value>> keys = new ArrayList<>();
            Set<Map<String, Value>> distinct = new HashSet<>();
            for (JsonNode keyNode : keyNodes) {
                Map<String, Value> key = ValueJson.readItem(keyNode);
                table.key().checkKey(key);
                if (!distinct.add(key)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            total += keys.size();
            ExpressionAttributes attributes = attributes(spec);
            Projection projection = projection(spec, attributes);
            attributes.checkAllUsed();
            boolean consistent = Boolean.TRUE.equals(Requests.optionalBoolean(spec, "ConsistentRead"));
            reads.add(new Reads(table, keys, projection, consistent));
        }
        if (total > 100) {
            throw DynamoException.validation("Too many items requested for the BatchGetItem call");
        }
        ObjectNode response = Requests.object();
        ObjectNode responses = response.putObject("Responses");
        lock.lock();
        try {
            for (Reads read : reads) {
                Table table = liveTable(read.table);
                ArrayNode items = responses.putArray(table.definition().name());
                for (Map<String, Value> key : read.keys) {
                    Map<String, Value> item = table.get(key);
                    units.chargeRead(table.definition().name(), null, item == null ? 0 : Values.itemSize(item),
                            read.consistent, 1);
                    if (item != null) {
                        items.add(ValueJson.writeItem(read.projection == null ? item : read.projection.apply(item)));
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        response.putObject("UnprocessedKeys");
        return response;
    }

    private ObjectNode batchWriteItem(JsonNode request) {
        JsonNode requestItems = Requests.requiredObject(request, "RequestItems");
        if (requestItems.size() == 0) {
            throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        List<WriteRequest> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            Table table = tableFor(entry.getKey());
            Requests.requiredObjects(requestItems, entry.getKey());
            if (entry.getValue().size() == 0) {
                throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to "
                        + "satisfy constraint: Map value must satisfy constraint: [Member must have length less than "
                        + "or equal to 25, Member must have length greater than or equal to 1]");
            }
            Set<Map<String, Value>> keys = new HashSet<>();
            for (JsonNode writeNode : entry.getValue()) {
                JsonNode put = Requests.optionalObject(writeNode, "PutRequest");
                JsonNode delete = Requests.optionalObject(writeNode, "DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, must "
                            + "contain exactly one of the supported datatypes");
                }
                WriteRequest write;
                if (put != null) {
                    Map<String, Value> item = Requests.item(put, "Item");
                    if (item == null) {
                        throw missing("item");
                    }
                    table.checkItem(item);
                    write = new WriteRequest(WriteKind.PUT, table, table.key().keyOf(item), item, null, null, "NONE",
                            false);
                } else {
                    Map<String, Value> key = Requests.item(delete, "Key");
                    if (key == null) {
                        throw missing("key");
                    }
                    table.key().checkKey(key);
                    write = new WriteRequest(WriteKind.DELETE, table, key, null, null, null, "NONE", false);
                }
                if (!keys.add(write.key)) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(write);
            }
        }
        if (writes.size() > 25) {
            throw DynamoException.validation("Too many items requested for the BatchWriteItem call");
        }
        checkWriteOptions(request);
        lock.lock();
        try {
            List<Change> changes = new ArrayList<>();
            for (WriteRequest write : writes) {
                changes.add(new Change(liveTable(write.table), write.key, write.item, false));
            }
            commit(changes);
        } finally {
            lock.unlock();
        }
        ObjectNode response = Requests.object();
        response.putObject("UnprocessedItems");
        return response;
    }

    // ---------------------------------------------------------------- transactions

    private ObjectNode transactWriteItems(JsonNode request) {
        List<JsonNode> items = Requests.requiredObjects(request, "TransactItems");
        checkTransactionSize(items);
        String token = Requests.optionalString(request, "ClientRequestToken");
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            throw DynamoException.validation("1 validation error detected: Value '" + token + "' at "
                    + "'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal "
                    + "to 36");
        }
        List<WriteRequest> writes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode transactItem : items) {
            WriteRequest write = transactWrite(transactItem);
            String identity = write.table.definition().name() + "\u0000" + write.key;
            if (!seen.add(identity)) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
            }
            writes.add(write);
        }
        checkWriteOptions(request);
        String digest = token == null ? null : request.toString();
        lock.lock();
        try {
            if (token != null) {
                ObjectNode previous = previousResponse(token, digest);
                if (previous != null) {
                    return previous;
                }
            }
            List<CancellationReason> reasons = new ArrayList<>();
            List<Change> changes = new ArrayList<>();
            boolean cancelled = false;
            for (WriteRequest write : writes) {
                Table table = liveTable(write.table);
                Map<String, Value> old = table.get(write.key);
                if (write.condition != null && !write.condition.test(old == null ? Map.of() : old)) {
                    reasons.add(new CancellationReason("ConditionalCheckFailed", "The conditional request failed",
                            write.oldOnFailure ? old : null));
                    cancelled = true;
                    continue;
                }
                if (write.kind == WriteKind.CHECK) {
                    reasons.add(CancellationReason.NONE);
                    continue;
                }
                try {
                    changes.add(new Change(table, write.key, after(table, write, old), false));
                    reasons.add(CancellationReason.NONE);
                } catch (DynamoException e) {
                    if (!e.type().equals("ValidationException")) {
                        throw e;
                    }
                    reasons.add(new CancellationReason("ValidationError", e.getMessage(), null));
                    cancelled = true;
                }
            }
            if (cancelled) {
                throw new TransactionCanceledException(reasons);
            }
            for (WriteRequest write : writes) {
                if (write.kind == WriteKind.CHECK) {
                    Table table = liveTable(write.table);
                    // a condition check costs as a write of the item, twice in a transaction
                    units.chargeFailedWrite(table, table.get(write.key));
                    units.chargeFailedWrite(table, table.get(write.key));
                }
            }
            commit(changes, true);
            ObjectNode response = Requests.object();
            if (token != null) {
                transactionTokens.put(token, new TokenUse(digest, now(), response));
            }
            return response;
        } finally {
            lock.unlock();
        }
    }

    private ObjectNode previousResponse(String token, String digest) {
        long now = now();
        transactionTokens.values().removeIf(use -> use.atMillis < now - TRANSACTION_TOKEN_MILLIS);
        TokenUse use = transactionTokens.get(token);
        if (use == null) {
            return null;
        }
        if (!use.requestDigest.equals(digest)) {
            throw new DynamoException("IdempotentParameterMismatchException",
                    "Request parameters did not match the original request for this ClientRequestToken", 400);
        }
        return use.response.deepCopy();
    }

    private static void checkTransactionSize(List<JsonNode> items) {
        if (items.isEmpty() || items.size() > 100) {
            throw DynamoException.validation("1 validation error detected: Value at 'transactItems' failed to "
                    + "satisfy constraint: Member must have length " + (items.isEmpty()
                    ? "greater than or equal to 1" : "less than or equal to 100"));
        }
    }

    private WriteRequest transactWrite(JsonNode transactItem) {
        List<String> actions = new ArrayList<>();
        transactItem.fieldNames().forEachRemaining(name -> {
            if (!transactItem.get(name).isNull()) {
                actions.add(name);
            }
        });
        if (actions.size() != 1) {
            throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String action = actions.get(0);
        JsonNode spec = Requests.requiredObject(transactItem, action);
        Table table = tableFor(Requests.requiredString(spec, "TableName"));
        ExpressionAttributes attributes = attributes(spec);
        boolean oldOnFailure = oldOnFailure(spec);
        switch (action) {
            case "ConditionCheck": {
                Map<String, Value> key = requiredKey(spec, table);
                String text = Requests.requiredString(spec, "ConditionExpression");
                Condition condition = Expressions.condition(text, "ConditionExpression", attributes);
                attributes.checkAllUsed();
                return new WriteRequest(WriteKind.CHECK, table, key, null, null, condition, "NONE", oldOnFailure);
            }
            case "Put": {
                Map<String, Value> item = Requests.item(spec, "Item");
                if (item == null) {
                    throw missing("item");
                }
                table.checkItem(item);
                Condition condition = condition(spec, "ConditionExpression", attributes);
                attributes.checkAllUsed();
                return new WriteRequest(WriteKind.PUT, table, table.key().keyOf(item), item, null, condition, "NONE",
                        oldOnFailure);
            }
            case "Delete": {
                Map<String, Value> key = requiredKey(spec, table);
                Condition condition = condition(spec, "ConditionExpression", attributes);
                attributes.checkAllUsed();
                return new WriteRequest(WriteKind.DELETE, table, key, null, null, condition, "NONE", oldOnFailure);
            }
            case "Update": {
                Map<String, Value> key = requiredKey(spec, table);
                Update update = Expressions.update(Requests.requiredString(spec, "UpdateExpression"), attributes);
                Condition condition = condition(spec, "ConditionExpression", attributes);
                attributes.checkAllUsed();
                for (String name : update.topLevelNames()) {
                    if (table.key().isKey(name)) {
                        throw DynamoException.validation("One or more parameter values were invalid: Cannot update "
                                + "attribute " + name + ". This attribute is part of the key");
                    }
                }
                return new WriteRequest(WriteKind.UPDATE, table, key, null, update, condition, "NONE", oldOnFailure);
            }
            default:
                throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or "
                        + "Delete; found " + action);
        }
    }

    private ObjectNode transactGetItems(JsonNode request) {
        List<JsonNode> items = Requests.requiredObjects(request, "TransactItems");
        checkTransactionSize(items);
        record Read(Table table, Map<String, Value> key, Projection projection) {
        }
        List<Read> reads = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode transactItem : items) {
            JsonNode get = Requests.requiredObject(transactItem, "Get");
            Table table = tableFor(Requests.requiredString(get, "TableName"));
            Map<String, Value> key = requiredKey(get, table);
            ExpressionAttributes attributes = attributes(get);
            Projection projection = projection(get, attributes);
            attributes.checkAllUsed();
            if (!seen.add(table.definition().name() + "\u0000" + key)) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
            }
            reads.add(new Read(table, key, projection));
        }
        ObjectNode response = Requests.object();
        ArrayNode responses = response.putArray("Responses");
        lock.lock();
        try {
            for (Read read : reads) {
                Map<String, Value> item = liveTable(read.table).get(read.key);
                units.chargeRead(read.table.definition().name(), null, item == null ? 0 : Values.itemSize(item),
                        true, 2);
                ObjectNode entry = responses.addObject();
                if (item != null) {
                    entry.set("Item", ValueJson.writeItem(
                            read.projection == null ? item : read.projection.apply(item)));
                }
            }
        } finally {
            lock.unlock();
        }
        return response;
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
    private void journalTableOperation(long at, String operation, JsonNode request) {
        if (journal != null && replayTime == null) {
            journal.writeTableOperation(at, operation, request);
        }
    }

    /**
     * Deletes every item whose TTL attribute (epoch seconds) has passed, as DynamoDB's background process does;
     * the stream shows each deletion as a REMOVE made by the service. Returns how many items were deleted.
     */
    public int sweepExpiredItems() {
        lock.lock();
        try {
            long nowSeconds = now() / 1000;
            List<Change> expired = new ArrayList<>();
            for (Table table : tables.values()) {
                String attribute = table.definition().ttlAttribute();
                if (attribute == null) {
                    continue;
                }
                for (Map<String, Value> item : table.items()) {
                    if (item.get(attribute) instanceof Value.N n) {
                        // compared as decimals: a long conversion would wrap numbers beyond 64 bits
                        if (n.value().compareTo(java.math.BigDecimal.valueOf(nowSeconds)) <= 0
                                && n.value().compareTo(java.math.BigDecimal.valueOf(
                                        nowSeconds - TTL_IGNORED_AFTER_SECONDS)) > 0) {
                            expired.add(new Change(table, table.key().keyOf(item), null, true));
                        }
                    }
                }
            }
            commitTtl(expired);
            return expired.size();
        } finally {
            lock.unlock();
        }
    }

    private void commitTtl(List<Change> expired) {
        commit(expired);
    }

    private ObjectNode listStreams(JsonNode request) {
        String tableName = Requests.optionalString(request, "TableName");
        Integer limit = Requests.optionalInt(request, "Limit", 1, 100);
        String start = Requests.optionalString(request, "ExclusiveStartStreamArn");
        return locked(() -> {
            ObjectNode response = Requests.object();
            ArrayNode list = response.putArray("Streams");
            boolean started = start == null;
            for (StreamLog stream : streams.values()) {
                String table = tableOfStream(stream.arn());
                if (!started) {
                    started = stream.arn().equals(start);
                    continue;
                }
                if (tableName != null && !tableName.equals(table)) {
                    continue;
                }
                if (limit != null && list.size() == limit) {
                    response.put("LastEvaluatedStreamArn", list.get(list.size() - 1).get("StreamArn").textValue());
                    break;
                }
                list.addObject().put("StreamArn", stream.arn()).put("TableName", table)
                        .put("StreamLabel", stream.label());
            }
            return response;
        });
    }

    /** The StreamArn parameter, which DynamoDB Streams requires to be 37 to 1024 characters long. */
    private static String streamArn(JsonNode request) {
        String arn = Requests.requiredString(request, "StreamArn");
        if (arn.length() < 37 || arn.length() > 1024) {
            throw DynamoException.validation("1 validation error detected: Value '" + arn + "' at 'streamArn' failed "
                    + "to satisfy constraint: Member must have length " + (arn.length() < 37
                    ? "greater than or equal to 37" : "less than or equal to 1024"));
        }
        return arn;
    }

    private static String tableOfStream(String arn) {
        int start = arn.indexOf(":table/") + 7;
        return arn.substring(start, arn.indexOf("/stream/"));
    }

    private StreamLog stream(String arn) {
        StreamLog stream = streams.get(arn);
        if (stream == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
        }
        return stream;
    }

    private ObjectNode describeStream(JsonNode request) {
        String arn = streamArn(request);
        return locked(() -> {
            StreamLog stream = stream(arn);
            stream.trim(now());
            ObjectNode response = Requests.object();
            ObjectNode description = response.putObject("StreamDescription");
            description.put("StreamArn", stream.arn());
            description.put("StreamLabel", stream.label());
            description.put("StreamStatus", stream.open() ? "ENABLED" : "DISABLED");
            description.put("StreamViewType", stream.viewType());
            String tableName = tableOfStream(arn);
            description.put("TableName", tableName);
            Table table = tables.get(tableName);
            if (table != null) {
                description.set("KeySchema", TableDefinition.describeKey(table.key()));
                description.put("CreationRequestDateTime", table.definition().createdAtMillis() / 1000.0);
            }
            ObjectNode shard = description.putArray("Shards").addObject();
            shard.put("ShardId", stream.shardId());
            ObjectNode range = shard.putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", sequenceText(stream.firstSequenceNumber()));
            if (!stream.open()) {
                range.put("EndingSequenceNumber", sequenceText(stream.endingSequenceNumber()));
            }
            return response;
        });
    }

    private ObjectNode getShardIterator(JsonNode request) {
        String arn = streamArn(request);
        String shardId = Requests.requiredString(request, "ShardId");
        String type = Requests.enumValue(request, "ShardIteratorType", null,
                List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"));
        if (type == null) {
            throw missing("shardIteratorType");
        }
        String sequenceNumber = Requests.optionalString(request, "SequenceNumber");
        return locked(() -> {
            StreamLog stream = stream(arn);
            if (!stream.shardId().equals(shardId)) {
                throw DynamoException.resourceNotFound("Requested resource not found: Shard does not exist");
            }
            stream.trim(now());
            long position;
            switch (type) {
                case "TRIM_HORIZON":
                    position = stream.horizon();
                    break;
                case "LATEST":
                    position = stream.open() ? sequence : stream.endingSequenceNumber();
                    break;
                default:
                    if (sequenceNumber == null) {
                        throw DynamoException.validation("SequenceNumber is required for " + type);
                    }
                    long number = parseSequence(sequenceNumber);
                    if (number < stream.firstSequenceNumber() || number > sequence) {
                        throw DynamoException.validation("Invalid SequenceNumber " + sequenceNumber + " for shard "
                                + shardId);
                    }
                    if (number <= stream.horizon()) {
                        throw new DynamoException("TrimmedDataAccessException", "The operation attempted to read "
                                + "past the oldest stream record in a shard.", 400);
                    }
                    position = type.equals("AT_SEQUENCE_NUMBER") ? number - 1 : number;
            }
            ObjectNode response = Requests.object();
            response.put("ShardIterator", ShardIterators.encode(arn, shardId, position, now()));
            return response;
        });
    }

    private ObjectNode getRecords(JsonNode request) {
        String iterator = Requests.requiredString(request, "ShardIterator");
        Integer limit = Requests.optionalInt(request, "Limit", 1, 1000);
        ShardIterators.Position position = ShardIterators.decode(iterator);
        return locked(() -> {
            if (now() - position.issuedAtMillis() > ShardIterators.LIFETIME_MILLIS) {
                throw new DynamoException("ExpiredIteratorException", "Iterator expired. The iterator was created at "
                        + "time " + position.issuedAtMillis() + " while right now it is " + now()
                        + " which is further in the future than the tolerated delay of 900000 milliseconds.", 400);
            }
            StreamLog stream = stream(position.streamArn());
            stream.trim(now());
            if (position.after() < stream.horizon()) {
                throw new DynamoException("TrimmedDataAccessException", "The operation attempted to read past the "
                        + "oldest stream record in a shard.", 400);
            }
            List<StreamRecord> records = stream.after(position.after(), limit == null ? 1000 : limit);
            ObjectNode response = Requests.object();
            ArrayNode list = response.putArray("Records");
            long last = position.after();
            for (StreamRecord record : records) {
                list.add(StreamRecords.toJson(record, stream.viewType(), region));
                last = record.sequenceNumber();
            }
            boolean exhausted = !stream.open() && last >= stream.endingSequenceNumber();
            if (!exhausted) {
                response.put("NextShardIterator", ShardIterators.encode(stream.arn(), stream.shardId(), last, now()));
            }
            return response;
        });
    }

    static String sequenceText(long number) {
        return "1" + String.format("%020d", number);
    }

    static long parseSequence(String text) {
        if (text.length() != 21 || text.charAt(0) != '1') {
            throw DynamoException.validation("Invalid SequenceNumber: " + text);
        }
        try {
            return Long.parseLong(text.substring(1));
        } catch (NumberFormatException e) {
            throw DynamoException.validation("Invalid SequenceNumber: " + text);
        }
    }

    // ---------------------------------------------------------------- shared request parts

    private Table liveTable(Table table) {
        Table live = tables.get(table.definition().name());
        if (live != table) {
            throw DynamoException.resourceNotFound("Requested resource not found");
        }
        return live;
    }

    private static Map<String, Value> requiredKey(JsonNode request, Table table) {
        Map<String, Value> key = Requests.item(request, "Key");
        if (key == null) {
            throw missing("key");
        }
        table.key().checkKey(key);
        return key;
    }

    private static DynamoException missing(String member) {
        return DynamoException.validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }

    private static ExpressionAttributes attributes(JsonNode request) {
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

    private static Condition condition(JsonNode request, String parameter, ExpressionAttributes attributes) {
        String text = Requests.optionalString(request, parameter);
        return text == null ? null : Expressions.condition(text, parameter, attributes);
    }

    private static Projection projection(JsonNode request, ExpressionAttributes attributes) {
        String text = Requests.optionalString(request, "ProjectionExpression");
        return text == null ? null : Expressions.projection(text, attributes);
    }

    /** ReturnConsumedCapacity and ReturnItemCollectionMetrics, which writes accept and this engine answers with. */
    private static void checkWriteOptions(JsonNode request) {
        Requests.enumValue(request, "ReturnConsumedCapacity", "NONE", List.of("NONE", "TOTAL", "INDEXES"));
        Requests.enumValue(request, "ReturnItemCollectionMetrics", "NONE", List.of("NONE", "SIZE"));
    }

    private static boolean oldOnFailure(JsonNode request) {
        return Requests.enumValue(request, "ReturnValuesOnConditionCheckFailure", "NONE", List.of("NONE", "ALL_OLD"))
                .equals("ALL_OLD");
    }

    private static void consumed(JsonNode request, ObjectNode response, String table, double units) {
        String mode = Requests.enumValue(request, "ReturnConsumedCapacity", "NONE", List.of("NONE", "TOTAL",
                "INDEXES"));
        if (!mode.equals("NONE")) {
            response.putObject("ConsumedCapacity").put("TableName", table).put("CapacityUnits", units);
        }
    }
}
