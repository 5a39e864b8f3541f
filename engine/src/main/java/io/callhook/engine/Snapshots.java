package io.callhook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.model.Value;
import io.callhook.engine.model.ValueJson;
import io.callhook.engine.request.Requests;
import io.callhook.engine.stream.StreamLog;
import io.callhook.engine.stream.StreamRecord;
import io.callhook.engine.table.Table;
import java.util.Map;

/**
 * The whole database as one JSON document, and back: the table operations in the order they ran (each with the
 * stream sequence number it saw, so streams get the same ARNs, shard ids and sequence ranges), then every item of
 * every table and every stream record still kept. Restoring it rebuilds exactly the state it was taken from, apart
 * from stream records past their 24-hour retention, which no reader could see any more.
 */
final class Snapshots {

    static final int FORMAT = 1;

    private Snapshots() {
    }

    /** The snapshot of {@code database}; the caller holds its lock. */
    static ObjectNode of(DatabaseCore database, long generation) {
        ObjectNode snapshot = Requests.object().put("format", FORMAT).put("generation", generation)
                .put("at", database.now()).put("sequence", database.sequence);
        ArrayNode operations = snapshot.putArray("tableOperations");
        for (DatabaseCore.TableOperation operation : database.tableOperations) {
            ObjectNode node = operations.addObject().put("at", operation.at()).put("op", operation.operation())
                    .put("sequence", operation.sequence());
            node.set("request", operation.request());
        }
        ObjectNode items = snapshot.putObject("items");
        for (Map.Entry<String, Table> table : database.tables.entrySet()) {
            ArrayNode array = items.putArray(table.getKey());
            for (Map<String, Value> item : table.getValue().items()) {
                array.add(ValueJson.writeItem(item));
            }
        }
        ObjectNode streams = snapshot.putObject("streams");
        long now = database.now();
        for (StreamLog stream : database.streams.values()) {
            stream.trim(now);
            ArrayNode array = streams.putArray(stream.arn());
            for (StreamRecord record : stream.after(Long.MIN_VALUE, Integer.MAX_VALUE)) {
                ObjectNode node = array.addObject().put("sequence", record.sequenceNumber())
                        .put("event", record.eventName()).put("at", record.createdAtMillis());
                node.set("keys", ValueJson.writeItem(record.keys()));
                if (record.oldImage() != null) {
                    node.set("old", ValueJson.writeItem(record.oldImage()));
                }
                if (record.newImage() != null) {
                    node.set("new", ValueJson.writeItem(record.newImage()));
                }
                if (record.byTtl()) {
                    node.put("ttl", true);
                }
            }
        }
        return snapshot;
    }

    /** Rebuilds the state of {@code snapshot} in an empty {@code database}. */
    static void restore(Database database, JsonNode snapshot) {
        if (snapshot.path("format").asInt() != FORMAT) {
            throw new IllegalStateException("unknown snapshot format " + snapshot.path("format"));
        }
        for (JsonNode operation : snapshot.get("tableOperations")) {
            database.replay(operation.get("at").longValue(), () -> {
                database.core.sequence = operation.get("sequence").longValue();
                database.handle(operation.get("op").textValue(), operation.get("request"));
            });
        }
        database.replay(snapshot.get("at").longValue(), () -> {
            database.core.sequence = snapshot.get("sequence").longValue();
            snapshot.get("items").fields().forEachRemaining(table -> {
                Table live = database.core.tables.get(table.getKey());
                for (JsonNode item : table.getValue()) {
                    live.put(ValueJson.readItem(item));
                }
            });
            snapshot.get("streams").fields().forEachRemaining(stream -> {
                StreamLog log = database.core.streams.get(stream.getKey());
                for (JsonNode record : stream.getValue()) {
                    log.append(new StreamRecord(record.get("sequence").longValue(), record.get("event").textValue(),
                            record.get("at").longValue(), ValueJson.readItem(record.get("keys")),
                            record.has("old") ? ValueJson.readItem(record.get("old")) : null,
                            record.has("new") ? ValueJson.readItem(record.get("new")) : null,
                            record.path("ttl").asBoolean(false)));
                }
            });
        });
    }
}
