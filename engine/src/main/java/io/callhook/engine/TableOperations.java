package io.callhook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.request.Requests;
import io.callhook.engine.stream.StreamLog;
import io.callhook.engine.table.Table;
import io.callhook.engine.table.TableDefinition;
import java.util.List;

/** CreateTable, DeleteTable, DescribeTable, ListTables, UpdateTable and the time-to-live settings. */
final class TableOperations {

    private final DatabaseCore core;

    TableOperations(DatabaseCore core) {
        this.core = core;
    }

    // ---------------------------------------------------------------- tables

    ObjectNode createTable(JsonNode request) {
        long at = core.now();
        TableDefinition definition = TableDefinition.fromCreateRequest(request, at, core.region);
        return core.locked(() -> {
            if (core.tables.containsKey(definition.name())) {
                throw DynamoException.resourceInUse("Table already exists: " + definition.name());
            }
            core.journalTableOperation(at, "CreateTable", request);
            Table table = new Table(definition);
            core.tables.put(definition.name(), table);
            if (definition.streamViewType() != null) {
                openStream(definition, at);
            }
            ObjectNode response = Requests.object();
            response.set("TableDescription", describe(table, "ACTIVE"));
            return response;
        });
    }

    ObjectNode deleteTable(JsonNode request) {
        String name = Requests.requiredString(request, "TableName");
        return core.locked(() -> {
            Table table = core.table(name);
            core.journalTableOperation(core.now(), "DeleteTable", request);
            core.tables.remove(name);
            StreamLog stream = core.streamOfTable.remove(name);
            if (stream != null) {
                stream.close(core.sequence);
            }
            ObjectNode response = Requests.object();
            response.set("TableDescription", describe(table, "DELETING"));
            return response;
        });
    }

    ObjectNode describeTable(JsonNode request) {
        String name = Requests.requiredString(request, "TableName");
        return core.locked(() -> {
            ObjectNode response = Requests.object();
            response.set("Table", describe(core.table(name), "ACTIVE"));
            return response;
        });
    }

    ObjectNode listTables(JsonNode request) {
        String start = Requests.optionalString(request, "ExclusiveStartTableName");
        if (start != null) {
            TableDefinition.checkName(start, "exclusiveStartTableName");
        }
        Integer limit = Requests.optionalInt(request, "Limit", 1, 100);
        int max = limit == null ? 100 : limit;
        return core.locked(() -> {
            ObjectNode response = Requests.object();
            ArrayNode names = response.putArray("TableNames");
            String last = null;
            for (String name : core.tables.keySet()) {
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

    ObjectNode updateTable(JsonNode request) {
        String name = Requests.requiredString(request, "TableName");
        return core.locked(() -> {
            Table table = core.table(name);
            TableDefinition definition = table.definition();
            long at = core.now();
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
                StreamLog previous = core.streamOfTable.get(name);
                boolean opened = definition.setStream(stream, at);
                if (previous != null && previous.open()) {
                    previous.close(core.sequence);
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
            core.journalTableOperation(at, "UpdateTable", request);
            ObjectNode response = Requests.object();
            response.set("TableDescription", describe(table, "ACTIVE"));
            return response;
        });
    }

    void openStream(TableDefinition definition, long at) {
        String shardId = "shardId-" + String.format("%020d", at) + "-" + Integer.toHexString(
                definition.streamArn().hashCode());
        StreamLog log = new StreamLog(definition.streamArn(), definition.streamLabel(), definition.streamViewType(),
                shardId, core.sequence + 1);
        core.streams.put(log.arn(), log);
        core.streamOfTable.put(definition.name(), log);
    }

    ObjectNode updateTimeToLive(JsonNode request) {
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
        return core.locked(() -> {
            TableDefinition definition = core.table(name).definition();
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
            core.journalTableOperation(core.now(), "UpdateTimeToLive", request);
            ObjectNode response = Requests.object();
            response.putObject("TimeToLiveSpecification").put("Enabled", enabled).put("AttributeName", attribute);
            return response;
        });
    }

    ObjectNode describeTimeToLive(JsonNode request) {
        String name = Requests.requiredString(request, "TableName");
        return core.locked(() -> {
            String attribute = core.table(name).definition().ttlAttribute();
            ObjectNode response = Requests.object();
            ObjectNode description = response.putObject("TimeToLiveDescription");
            description.put("TimeToLiveStatus", attribute == null ? "DISABLED" : "ENABLED");
            if (attribute != null) {
                description.put("AttributeName", attribute);
            }
            return response;
        });
    }

    ObjectNode describe(Table table, String status) {
        return table.definition().describe(status, table.itemCount(), table.sizeBytes(), table.indexStats());
    }
}
