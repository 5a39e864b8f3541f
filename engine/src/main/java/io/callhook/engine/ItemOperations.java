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
import io.callhook.engine.table.IndexDefinition;
import io.callhook.engine.table.KeySchema;
import io.callhook.engine.table.Table;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PutItem, UpdateItem, DeleteItem and GetItem; Query and Scan with their pages. */
final class ItemOperations {

    private final DatabaseCore core;

    ItemOperations(DatabaseCore core) {
        this.core = core;
    }

    // ---------------------------------------------------------------- single items

    /** The parsed expressions and options of one single-item write, checked before the lock is taken. */
    record WriteRequest(WriteKind kind, Table table, Map<String, Value> key, Map<String, Value> item,
                                Update update, Condition condition, String returnValues, boolean oldOnFailure) {
    }

    enum WriteKind { PUT, UPDATE, DELETE, CHECK }

    ObjectNode putItem(JsonNode request) {
        Requests.refuseLegacy(request, "Expected", "ConditionalOperator");
        String tableName = Requests.requiredString(request, "TableName");
        Map<String, Value> item = Requests.item(request, "Item");
        if (item == null) {
            throw DatabaseCore.missing("item");
        }
        Table table = core.tableFor(tableName);
        table.checkItem(item);
        ExpressionAttributes attributes = DatabaseCore.attributes(request);
        Condition condition = DatabaseCore.condition(request, "ConditionExpression", attributes);
        attributes.checkAllUsed();
        String returnValues = Requests.enumValue(request, "ReturnValues", "NONE",
                List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        if (!returnValues.equals("NONE") && !returnValues.equals("ALL_OLD")) {
            throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        DatabaseCore.checkWriteOptions(request);
        WriteRequest write = new WriteRequest(WriteKind.PUT, table, table.key().keyOf(item), item, null, condition,
                returnValues, DatabaseCore.oldOnFailure(request));
        return singleWrite(write);
    }

    ObjectNode updateItem(JsonNode request) {
        Requests.refuseLegacy(request, "AttributeUpdates", "Expected", "ConditionalOperator");
        Table table = core.tableFor(Requests.requiredString(request, "TableName"));
        Map<String, Value> key = DatabaseCore.requiredKey(request, table);
        ExpressionAttributes attributes = DatabaseCore.attributes(request);
        String text = Requests.optionalString(request, "UpdateExpression");
        Update update = text == null ? null : Expressions.update(text, attributes);
        Condition condition = DatabaseCore.condition(request, "ConditionExpression", attributes);
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
        DatabaseCore.checkWriteOptions(request);
        return singleWrite(new WriteRequest(WriteKind.UPDATE, table, key, null, update, condition, returnValues,
                DatabaseCore.oldOnFailure(request)));
    }

    ObjectNode deleteItem(JsonNode request) {
        Requests.refuseLegacy(request, "Expected", "ConditionalOperator");
        Table table = core.tableFor(Requests.requiredString(request, "TableName"));
        Map<String, Value> key = DatabaseCore.requiredKey(request, table);
        ExpressionAttributes attributes = DatabaseCore.attributes(request);
        Condition condition = DatabaseCore.condition(request, "ConditionExpression", attributes);
        attributes.checkAllUsed();
        String returnValues = Requests.enumValue(request, "ReturnValues", "NONE",
                List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        if (!returnValues.equals("NONE") && !returnValues.equals("ALL_OLD")) {
            throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        DatabaseCore.checkWriteOptions(request);
        return singleWrite(new WriteRequest(WriteKind.DELETE, table, key, null, null, condition, returnValues,
                DatabaseCore.oldOnFailure(request)));
    }

    ObjectNode singleWrite(WriteRequest write) {
        ObjectNode response = Requests.object();
        core.lock.lock();
        try {
            Table table = core.liveTable(write.table);
            Map<String, Value> old = table.get(write.key);
            if (write.condition != null && !write.condition.test(old == null ? Map.of() : old)) {
                core.units.chargeFailedWrite(table, old);
                throw new ConditionalCheckFailedException(write.oldOnFailure ? old : null);
            }
            Map<String, Value> next = after(table, write, old);
            core.commit(List.of(new DatabaseCore.Change(table, write.key, next, false)));
            Map<String, Value> returned = returned(write, old, next);
            if (returned != null && !returned.isEmpty()) {
                response.set("Attributes", ValueJson.writeItem(returned));
            }
        } finally {
            core.lock.unlock();
        }
        return response;
    }

    /** The item after a write: the new item of a put, null for a delete, the updated item of an update. */
    static Map<String, Value> after(Table table, WriteRequest write, Map<String, Value> old) {
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

    static Map<String, Value> returned(WriteRequest write, Map<String, Value> old, Map<String, Value> next) {
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

    ObjectNode getItem(JsonNode request) {
        Requests.refuseLegacy(request, "AttributesToGet");
        Table table = core.tableFor(Requests.requiredString(request, "TableName"));
        Map<String, Value> key = DatabaseCore.requiredKey(request, table);
        ExpressionAttributes attributes = DatabaseCore.attributes(request);
        Projection projection = DatabaseCore.projection(request, attributes);
        attributes.checkAllUsed();
        boolean consistent = Boolean.TRUE.equals(Requests.optionalBoolean(request, "ConsistentRead"));
        Map<String, Value> item;
        core.lock.lock();
        try {
            item = core.liveTable(table).get(key);
            core.throughput.chargeRead(table.definition().name(), null, key.get(table.key().partitionName()),
                    item == null ? 0 : Values.itemSize(item), consistent, core.now());
            core.units.chargeRead(table.definition().name(), null, item == null ? 0 : Values.itemSize(item), consistent,
                    1);
        } finally {
            core.lock.unlock();
        }
        ObjectNode response = Requests.object();
        if (item != null) {
            response.set("Item", ValueJson.writeItem(projection == null ? item : projection.apply(item)));
        }
        DatabaseCore.consumed(request, response, table.definition().name(), 1);
        return response;
    }

    // ---------------------------------------------------------------- query and scan

    ObjectNode query(JsonNode request) {
        Requests.refuseLegacy(request, "KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator");
        Table table = core.tableFor(Requests.requiredString(request, "TableName"));
        IndexDefinition index = index(table, request);
        KeySchema schema = index == null ? table.key() : index.key();
        ExpressionAttributes attributes = DatabaseCore.attributes(request);
        String keyText = Requests.optionalString(request, "KeyConditionExpression");
        if (keyText == null) {
            throw DynamoException.validation("Either the KeyConditions or KeyConditionExpression parameter must be "
                    + "specified in the request.");
        }
        KeyCondition key = Expressions.keyCondition(keyText, attributes)
                .forSchema(schema.partitionName(), schema.sortName());
        checkKeyCondition(key, schema);
        Condition filter = DatabaseCore.condition(request, "FilterExpression", attributes);
        Projection projection = DatabaseCore.projection(request, attributes);
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
        core.lock.lock();
        try {
            Table live = core.liveTable(table);
            Iterator<Map<String, Value>> items = live.query(index, key.partitionValue(), key.sort(), forward, start);
            Page page = page(request, live, index, items, limit, filter, projection, select);
            core.throughput.chargeRead(live.definition().name(), index == null ? null : index.name(),
                    key.partitionValue(), page.bytesRead(), Boolean.TRUE.equals(
                            Requests.optionalBoolean(request, "ConsistentRead")), core.now());
            core.units.chargeRead(live.definition().name(), index == null ? null : index.name(), page.bytesRead(),
                    Boolean.TRUE.equals(Requests.optionalBoolean(request, "ConsistentRead")), 1);
            return page.response();
        } finally {
            core.lock.unlock();
        }
    }

    ObjectNode scan(JsonNode request) {
        Requests.refuseLegacy(request, "ScanFilter", "AttributesToGet", "ConditionalOperator");
        Table table = core.tableFor(Requests.requiredString(request, "TableName"));
        IndexDefinition index = index(table, request);
        ExpressionAttributes attributes = DatabaseCore.attributes(request);
        Condition filter = DatabaseCore.condition(request, "FilterExpression", attributes);
        Projection projection = DatabaseCore.projection(request, attributes);
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
        return core.locked(() -> {
            Table live = core.liveTable(table);
            Iterator<Map<String, Value>> items = live.scan(index, segment == null ? 0 : segment,
                    totalSegments == null ? 1 : totalSegments, start);
            Page page = page(request, live, index, items, limit, filter, projection, select);
            core.units.chargeRead(live.definition().name(), index == null ? null : index.name(), page.bytesRead(),
                    Boolean.TRUE.equals(Requests.optionalBoolean(request, "ConsistentRead")), 1);
            return page.response();
        });
    }

    /** One page of a Query or Scan, and how many bytes of items it read (before the filter). */
    record Page(ObjectNode response, long bytesRead) {
    }

    Page page(JsonNode request, Table table, IndexDefinition index, Iterator<Map<String, Value>> items,
                      Integer limit, Condition filter, Projection projection, String select) {
        ObjectNode response = Requests.object();
        ArrayNode found = select.equals("COUNT") ? null : response.putArray("Items");
        int count = 0;
        int scanned = 0;
        long bytes = 0;
        Map<String, Value> last = null;
        while (items.hasNext()) {
            if ((limit != null && scanned == limit) || bytes >= DatabaseCore.PAGE_BYTES) {
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
        DatabaseCore.consumed(request, response, table.definition().name(), Math.max(1, (bytes + 4095) / 4096) / 2.0);
        return new Page(response, bytes);
    }

    static Map<String, Value> lastKey(Table table, IndexDefinition index, Map<String, Value> item) {
        Map<String, Value> key = table.key().keyOf(item);
        if (index != null) {
            key.putAll(index.key().keyOf(item));
        }
        return key;
    }

    static IndexDefinition index(Table table, JsonNode request) {
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

    static void consistentRead(JsonNode request, IndexDefinition index) {
        if (Boolean.TRUE.equals(Requests.optionalBoolean(request, "ConsistentRead")) && index != null
                && index.global()) {
            throw DynamoException.validation("Consistent reads are not supported on global secondary indexes");
        }
    }

    static String select(JsonNode request, IndexDefinition index, Projection projection) {
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

    static void checkKeyCondition(KeyCondition key, KeySchema schema) {
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

    static void checkFilterOnNonKeys(Condition filter, Table table, IndexDefinition index) {
        KeySchema schema = index == null ? table.key() : index.key();
        for (String name : Expressions.topLevelNames(filter)) {
            if (schema.isKey(name)) {
                throw DynamoException.validation("Filter Expression can only contain non-primary key attributes: "
                        + "Primary key attribute: " + name);
            }
        }
    }

    static Map<String, Value> exclusiveStart(JsonNode request, Table table, IndexDefinition index) {
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
}
