package io.callhook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.ItemOperations.WriteKind;
import io.callhook.engine.ItemOperations.WriteRequest;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.expr.Condition;
import io.callhook.engine.expr.ExpressionAttributes;
import io.callhook.engine.expr.Expressions;
import io.callhook.engine.expr.Projection;
import io.callhook.engine.expr.Update;
import io.callhook.engine.model.Value;
import io.callhook.engine.model.ValueJson;
import io.callhook.engine.model.Values;
import io.callhook.engine.request.Requests;
import io.callhook.engine.table.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** TransactWriteItems (all or nothing, idempotent by client request token) and TransactGetItems. */
final class TransactionOperations {

    private final DatabaseCore core;

    TransactionOperations(DatabaseCore core) {
        this.core = core;
    }

    // ---------------------------------------------------------------- transactions

    ObjectNode transactWriteItems(JsonNode request) {
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
            String identity = write.table().definition().name() + "\u0000" + write.key();
            if (!seen.add(identity)) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
            }
            writes.add(write);
        }
        DatabaseCore.checkWriteOptions(request);
        String digest = token == null ? null : request.toString();
        core.lock.lock();
        try {
            if (token != null) {
                ObjectNode previous = previousResponse(token, digest);
                if (previous != null) {
                    return previous;
                }
            }
            List<CancellationReason> reasons = new ArrayList<>();
            List<DatabaseCore.Change> changes = new ArrayList<>();
            boolean cancelled = false;
            for (WriteRequest write : writes) {
                Table table = core.liveTable(write.table());
                Map<String, Value> old = table.get(write.key());
                if (write.condition() != null && !write.condition().test(old == null ? Map.of() : old)) {
                    reasons.add(new CancellationReason("ConditionalCheckFailed", "The conditional request failed",
                            write.oldOnFailure() ? old : null));
                    cancelled = true;
                    continue;
                }
                if (write.kind() == WriteKind.CHECK) {
                    reasons.add(CancellationReason.NONE);
                    continue;
                }
                try {
                    changes.add(new DatabaseCore.Change(table, write.key(), ItemOperations.after(table, write, old),
                            false));
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
                if (write.kind() == WriteKind.CHECK) {
                    Table table = core.liveTable(write.table());
                    // a condition check costs as a write of the item, twice in a transaction
                    core.units.chargeFailedWrite(table, table.get(write.key()));
                    core.units.chargeFailedWrite(table, table.get(write.key()));
                }
            }
            core.commit(changes, true);
            ObjectNode response = Requests.object();
            if (token != null) {
                core.transactionTokens.put(token, new DatabaseCore.TokenUse(digest, core.now(), response));
            }
            return response;
        } finally {
            core.lock.unlock();
        }
    }

    ObjectNode previousResponse(String token, String digest) {
        long now = core.now();
        core.transactionTokens.values().removeIf(use -> use.atMillis() < now - DatabaseCore.TRANSACTION_TOKEN_MILLIS);
        DatabaseCore.TokenUse use = core.transactionTokens.get(token);
        if (use == null) {
            return null;
        }
        if (!use.requestDigest().equals(digest)) {
            throw new DynamoException("IdempotentParameterMismatchException",
                    "Request parameters did not match the original request for this ClientRequestToken", 400);
        }
        return use.response().deepCopy();
    }

    static void checkTransactionSize(List<JsonNode> items) {
        if (items.isEmpty() || items.size() > 100) {
            throw DynamoException.validation("1 validation error detected: Value at 'transactItems' failed to "
                    + "satisfy constraint: Member must have length " + (items.isEmpty()
                    ? "greater than or equal to 1" : "less than or equal to 100"));
        }
    }

    WriteRequest transactWrite(JsonNode transactItem) {
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
        Table table = core.tableFor(Requests.requiredString(spec, "TableName"));
        ExpressionAttributes attributes = DatabaseCore.attributes(spec);
        boolean oldOnFailure = DatabaseCore.oldOnFailure(spec);
        switch (action) {
            case "ConditionCheck": {
                Map<String, Value> key = DatabaseCore.requiredKey(spec, table);
                String text = Requests.requiredString(spec, "ConditionExpression");
                Condition condition = Expressions.condition(text, "ConditionExpression", attributes);
                attributes.checkAllUsed();
                return new WriteRequest(WriteKind.CHECK, table, key, null, null, condition, "NONE", oldOnFailure);
            }
            case "Put": {
                Map<String, Value> item = Requests.item(spec, "Item");
                if (item == null) {
                    throw DatabaseCore.missing("item");
                }
                table.checkItem(item);
                Condition condition = DatabaseCore.condition(spec, "ConditionExpression", attributes);
                attributes.checkAllUsed();
                return new WriteRequest(WriteKind.PUT, table, table.key().keyOf(item), item, null, condition, "NONE",
                        oldOnFailure);
            }
            case "Delete": {
                Map<String, Value> key = DatabaseCore.requiredKey(spec, table);
                Condition condition = DatabaseCore.condition(spec, "ConditionExpression", attributes);
                attributes.checkAllUsed();
                return new WriteRequest(WriteKind.DELETE, table, key, null, null, condition, "NONE", oldOnFailure);
            }
            case "Update": {
                Map<String, Value> key = DatabaseCore.requiredKey(spec, table);
                Update update = Expressions.update(Requests.requiredString(spec, "UpdateExpression"), attributes);
                Condition condition = DatabaseCore.condition(spec, "ConditionExpression", attributes);
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

    ObjectNode transactGetItems(JsonNode request) {
        List<JsonNode> items = Requests.requiredObjects(request, "TransactItems");
        checkTransactionSize(items);
        record Read(Table table, Map<String, Value> key, Projection projection) {
        }
        List<Read> reads = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode transactItem : items) {
            JsonNode get = Requests.requiredObject(transactItem, "Get");
            Table table = core.tableFor(Requests.requiredString(get, "TableName"));
            Map<String, Value> key = DatabaseCore.requiredKey(get, table);
            ExpressionAttributes attributes = DatabaseCore.attributes(get);
            Projection projection = DatabaseCore.projection(get, attributes);
            attributes.checkAllUsed();
            if (!seen.add(table.definition().name() + "\u0000" + key)) {
                throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
            }
            reads.add(new Read(table, key, projection));
        }
        ObjectNode response = Requests.object();
        ArrayNode responses = response.putArray("Responses");
        core.lock.lock();
        try {
            for (Read read : reads) {
                Map<String, Value> item = core.liveTable(read.table).get(read.key);
                core.units.chargeRead(read.table.definition().name(), null, item == null ? 0 : Values.itemSize(item),
                        true, 2);
                ObjectNode entry = responses.addObject();
                if (item != null) {
                    entry.set("Item", ValueJson.writeItem(
                            read.projection == null ? item : read.projection.apply(item)));
                }
            }
        } finally {
            core.lock.unlock();
        }
        return response;
    }
}
