package io.callhook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.ItemOperations.WriteKind;
import io.callhook.engine.ItemOperations.WriteRequest;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.expr.ExpressionAttributes;
import io.callhook.engine.expr.Projection;
import io.callhook.engine.model.Value;
import io.callhook.engine.model.ValueJson;
import io.callhook.engine.model.Values;
import io.callhook.engine.request.Requests;
import io.callhook.engine.table.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** BatchGetItem and BatchWriteItem: each item of a batch on its own, unprocessed ones handed back. */
final class BatchOperations {

    private final DatabaseCore core;

    BatchOperations(DatabaseCore core) {
        this.core = core;
    }

    // ---------------------------------------------------------------- batches

    ObjectNode batchGetItem(JsonNode request) {
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
            Table table = core.tableFor(entry.getKey());
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
            ExpressionAttributes attributes = DatabaseCore.attributes(spec);
            Projection projection = DatabaseCore.projection(spec, attributes);
            attributes.checkAllUsed();
            boolean consistent = Boolean.TRUE.equals(Requests.optionalBoolean(spec, "ConsistentRead"));
            reads.add(new Reads(table, keys, projection, consistent));
        }
        if (total > 100) {
            throw DynamoException.validation("Too many items requested for the BatchGetItem call");
        }
        ObjectNode response = Requests.object();
        ObjectNode responses = response.putObject("Responses");
        core.lock.lock();
        try {
            for (Reads read : reads) {
                Table table = core.liveTable(read.table);
                ArrayNode items = responses.putArray(table.definition().name());
                for (Map<String, Value> key : read.keys) {
                    Map<String, Value> item = table.get(key);
                    core.units.chargeRead(table.definition().name(), null, item == null ? 0 : Values.itemSize(item),
                            read.consistent, 1);
                    if (item != null) {
                        items.add(ValueJson.writeItem(read.projection == null ? item : read.projection.apply(item)));
                    }
                }
            }
        } finally {
            core.lock.unlock();
        }
        response.putObject("UnprocessedKeys");
        return response;
    }

    ObjectNode batchWriteItem(JsonNode request) {
        JsonNode requestItems = Requests.requiredObject(request, "RequestItems");
        if (requestItems.size() == 0) {
            throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1");
        }
        List<WriteRequest> writes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            Table table = core.tableFor(entry.getKey());
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
                        throw DatabaseCore.missing("item");
                    }
                    table.checkItem(item);
                    write = new WriteRequest(WriteKind.PUT, table, table.key().keyOf(item), item, null, null, "NONE",
                            false);
                } else {
                    Map<String, Value> key = Requests.item(delete, "Key");
                    if (key == null) {
                        throw DatabaseCore.missing("key");
                    }
                    table.key().checkKey(key);
                    write = new WriteRequest(WriteKind.DELETE, table, key, null, null, null, "NONE", false);
                }
                if (!keys.add(write.key())) {
                    throw DynamoException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(write);
            }
        }
        if (writes.size() > 25) {
            throw DynamoException.validation("Too many items requested for the BatchWriteItem call");
        }
        DatabaseCore.checkWriteOptions(request);
        core.lock.lock();
        try {
            List<DatabaseCore.Change> changes = new ArrayList<>();
            for (WriteRequest write : writes) {
                changes.add(new DatabaseCore.Change(core.liveTable(write.table()), write.key(), write.item(), false));
            }
            core.commit(changes);
        } finally {
            core.lock.unlock();
        }
        ObjectNode response = Requests.object();
        response.putObject("UnprocessedItems");
        return response;
    }
}
