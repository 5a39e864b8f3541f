package io.callhook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.request.Requests;
import io.callhook.engine.stream.StreamLog;
import io.callhook.engine.stream.StreamRecord;
import io.callhook.engine.table.Table;
import io.callhook.engine.table.TableDefinition;
import java.util.List;

/** DynamoDB Streams: ListStreams, DescribeStream, GetShardIterator and GetRecords. */
final class StreamOperations {

    private final DatabaseCore core;

    StreamOperations(DatabaseCore core) {
        this.core = core;
    }

    ObjectNode listStreams(JsonNode request) {
        String tableName = Requests.optionalString(request, "TableName");
        Integer limit = Requests.optionalInt(request, "Limit", 1, 100);
        String start = Requests.optionalString(request, "ExclusiveStartStreamArn");
        return core.locked(() -> {
            ObjectNode response = Requests.object();
            ArrayNode list = response.putArray("Streams");
            boolean started = start == null;
            for (StreamLog stream : core.streams.values()) {
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
    static String streamArn(JsonNode request) {
        String arn = Requests.requiredString(request, "StreamArn");
        if (arn.length() < 37 || arn.length() > 1024) {
            throw DynamoException.validation("1 validation error detected: Value '" + arn + "' at 'streamArn' failed "
                    + "to satisfy constraint: Member must have length " + (arn.length() < 37
                    ? "greater than or equal to 37" : "less than or equal to 1024"));
        }
        return arn;
    }

    static String tableOfStream(String arn) {
        int start = arn.indexOf(":table/") + 7;
        return arn.substring(start, arn.indexOf("/stream/"));
    }

    StreamLog stream(String arn) {
        StreamLog stream = core.streams.get(arn);
        if (stream == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
        }
        return stream;
    }

    ObjectNode describeStream(JsonNode request) {
        String arn = streamArn(request);
        return core.locked(() -> {
            StreamLog stream = stream(arn);
            stream.trim(core.now());
            ObjectNode response = Requests.object();
            ObjectNode description = response.putObject("StreamDescription");
            description.put("StreamArn", stream.arn());
            description.put("StreamLabel", stream.label());
            description.put("StreamStatus", stream.open() ? "ENABLED" : "DISABLED");
            description.put("StreamViewType", stream.viewType());
            String tableName = tableOfStream(arn);
            description.put("TableName", tableName);
            Table table = core.tables.get(tableName);
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

    ObjectNode getShardIterator(JsonNode request) {
        String arn = streamArn(request);
        String shardId = Requests.requiredString(request, "ShardId");
        String type = Requests.enumValue(request, "ShardIteratorType", null,
                List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"));
        if (type == null) {
            throw DatabaseCore.missing("shardIteratorType");
        }
        String sequenceNumber = Requests.optionalString(request, "SequenceNumber");
        return core.locked(() -> {
            StreamLog stream = stream(arn);
            if (!stream.shardId().equals(shardId)) {
                throw DynamoException.resourceNotFound("Requested resource not found: Shard does not exist");
            }
            stream.trim(core.now());
            long position;
            switch (type) {
                case "TRIM_HORIZON":
                    position = stream.horizon();
                    break;
                case "LATEST":
                    position = stream.open() ? core.sequence : stream.endingSequenceNumber();
                    break;
                default:
                    if (sequenceNumber == null) {
                        throw DynamoException.validation("SequenceNumber is required for " + type);
                    }
                    long number = parseSequence(sequenceNumber);
                    if (number < stream.firstSequenceNumber() || number > core.sequence) {
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
            response.put("ShardIterator", ShardIterators.encode(arn, shardId, position, core.now()));
            return response;
        });
    }

    ObjectNode getRecords(JsonNode request) {
        String iterator = Requests.requiredString(request, "ShardIterator");
        Integer limit = Requests.optionalInt(request, "Limit", 1, 1000);
        ShardIterators.Position position = ShardIterators.decode(iterator);
        return core.locked(() -> {
            if (core.now() - position.issuedAtMillis() > ShardIterators.LIFETIME_MILLIS) {
                throw new DynamoException("ExpiredIteratorException", "Iterator expired. The iterator was created at "
                        + "time " + position.issuedAtMillis() + " while right now it is " + core.now()
                        + " which is further in the future than the tolerated delay of 900000 milliseconds.", 400);
            }
            StreamLog stream = stream(position.streamArn());
            stream.trim(core.now());
            if (position.after() < stream.horizon()) {
                throw new DynamoException("TrimmedDataAccessException", "The operation attempted to read past the "
                        + "oldest stream record in a shard.", 400);
            }
            List<StreamRecord> records = stream.after(position.after(), limit == null ? 1000 : limit);
            ObjectNode response = Requests.object();
            ArrayNode list = response.putArray("Records");
            long last = position.after();
            for (StreamRecord record : records) {
                list.add(StreamRecords.toJson(record, stream.viewType(), core.region));
                last = record.sequenceNumber();
            }
            boolean exhausted = !stream.open() && last >= stream.endingSequenceNumber();
            if (!exhausted) {
                response.put("NextShardIterator", ShardIterators.encode(stream.arn(), stream.shardId(), last,
                        core.now()));
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
}
