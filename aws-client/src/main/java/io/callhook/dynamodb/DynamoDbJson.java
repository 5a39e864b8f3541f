package io.callhook.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * DynamoDB's JSON wire format (protocol {@code awsJson1_0}): request bodies written field by field with
 * jackson-core's streaming generator, answers read with its parser. No reflection, no data binding.
 */
final class DynamoDbJson {

    private static final JsonFactory JSON = new JsonFactory();

    private DynamoDbJson() {
    }

    /** Writes one request body. */
    interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    static byte[] body(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            body.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] updateItem(UpdateItemRequest r) {
        return body(out -> {
            update(out, r.key(), r.updateExpression(), r);
            string(out, "ReturnValues", r.returnValues());
        });
    }

    static byte[] putItem(PutItemRequest r) {
        return body(out -> put(out, r.item(), r));
    }

    static byte[] getItem(GetItemRequest r) {
        return body(out -> {
            string(out, "TableName", r.tableName());
            item(out, "Key", r.key());
            bool(out, "ConsistentRead", r.consistentRead());
            string(out, "ProjectionExpression", r.projectionExpression());
            names(out, r.expressionAttributeNames());
        });
    }

    /** A BatchGetItem of one table: {@code keys} (at most 100), eventually or strongly consistent. */
    static byte[] batchGetItem(String table, List<Map<String, AttributeValue>> keys, boolean consistentRead) {
        return body(out -> {
            out.writeObjectFieldStart("RequestItems");
            out.writeObjectFieldStart(table);
            out.writeArrayFieldStart("Keys");
            for (Map<String, AttributeValue> key : keys) {
                attributes(out, key);
            }
            out.writeEndArray();
            out.writeBooleanField("ConsistentRead", consistentRead);
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    static byte[] query(QueryRequest r) {
        return body(out -> {
            read(out, r);
            string(out, "KeyConditionExpression", r.keyConditionExpression());
            bool(out, "ScanIndexForward", r.scanIndexForward());
        });
    }

    static byte[] scan(ScanRequest r) {
        return body(out -> read(out, r));
    }

    static byte[] transactWriteItems(TransactWriteItemsRequest r) {
        return body(out -> {
            out.writeArrayFieldStart("TransactItems");
            for (TransactWriteItem write : r.transactItems()) {
                out.writeStartObject();
                if (write.put() != null) {
                    out.writeObjectFieldStart("Put");
                    put(out, write.put().item(), write.put());
                    out.writeEndObject();
                }
                if (write.update() != null) {
                    out.writeObjectFieldStart("Update");
                    update(out, write.update().key(), write.update().updateExpression(), write.update());
                    out.writeEndObject();
                }
                if (write.delete() != null) {
                    out.writeObjectFieldStart("Delete");
                    keyed(out, write.delete().key(), write.delete());
                    out.writeEndObject();
                }
                if (write.conditionCheck() != null) {
                    out.writeObjectFieldStart("ConditionCheck");
                    keyed(out, write.conditionCheck().key(), write.conditionCheck());
                    out.writeEndObject();
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            // The SDK sends a fresh token when the caller gives none, and so does this client: the body is built
            // once per call, so every retry of one call carries the same token (DynamoDB then applies it once).
            string(out, "ClientRequestToken", r.clientRequestToken() != null ? r.clientRequestToken()
                    : UUID.randomUUID().toString());
        });
    }

    private static void put(JsonGenerator out, Map<String, AttributeValue> item, ConditionalWrite write)
            throws IOException {
        string(out, "TableName", write.tableName());
        item(out, "Item", item);
        condition(out, write);
    }

    private static void update(JsonGenerator out, Map<String, AttributeValue> key, String updateExpression,
                               ConditionalWrite write) throws IOException {
        string(out, "TableName", write.tableName());
        item(out, "Key", key);
        string(out, "UpdateExpression", updateExpression);
        condition(out, write);
    }

    private static void keyed(JsonGenerator out, Map<String, AttributeValue> key, ConditionalWrite write)
            throws IOException {
        string(out, "TableName", write.tableName());
        item(out, "Key", key);
        condition(out, write);
    }

    private static void condition(JsonGenerator out, ConditionalWrite write) throws IOException {
        string(out, "ConditionExpression", write.conditionExpression());
        names(out, write.expressionAttributeNames());
        item(out, "ExpressionAttributeValues", write.expressionAttributeValues());
        string(out, "ReturnValuesOnConditionCheckFailure", write.returnValuesOnConditionCheckFailure());
    }

    private static void read(JsonGenerator out, ItemRead r) throws IOException {
        string(out, "TableName", r.tableName());
        string(out, "IndexName", r.indexName());
        string(out, "FilterExpression", r.filterExpression());
        string(out, "ProjectionExpression", r.projectionExpression());
        names(out, r.expressionAttributeNames());
        item(out, "ExpressionAttributeValues", r.expressionAttributeValues());
        number(out, "Limit", r.limit());
        item(out, "ExclusiveStartKey", r.exclusiveStartKey());
        bool(out, "ConsistentRead", r.consistentRead());
        string(out, "Select", r.select());
    }

    private static void string(JsonGenerator out, String field, Object value) throws IOException {
        if (value != null) {
            out.writeStringField(field, value.toString());
        }
    }

    private static void bool(JsonGenerator out, String field, Boolean value) throws IOException {
        if (value != null) {
            out.writeBooleanField(field, value);
        }
    }

    private static void number(JsonGenerator out, String field, Integer value) throws IOException {
        if (value != null) {
            out.writeNumberField(field, value);
        }
    }

    /** Expression attribute names; an empty map is left out, as DynamoDB refuses empty ones. */
    private static void names(JsonGenerator out, Map<String, String> names) throws IOException {
        if (names != null && !names.isEmpty()) {
            out.writeObjectFieldStart("ExpressionAttributeNames");
            for (Map.Entry<String, String> name : names.entrySet()) {
                out.writeStringField(name.getKey(), name.getValue());
            }
            out.writeEndObject();
        }
    }

    /** An item, key or value map; an empty map is left out, as DynamoDB refuses empty expression values. */
    private static void item(JsonGenerator out, String field, Map<String, AttributeValue> item) throws IOException {
        if (item != null && !item.isEmpty()) {
            out.writeFieldName(field);
            attributes(out, item);
        }
    }

    private static void attributes(JsonGenerator out, Map<String, AttributeValue> item) throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            out.writeFieldName(attribute.getKey());
            value(out, attribute.getValue());
        }
        out.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private static void value(JsonGenerator out, AttributeValue value) throws IOException {
        out.writeStartObject();
        out.writeFieldName(value.type().name());
        Object raw = value.raw();
        switch (value.type()) {
            case S, N -> out.writeString((String) raw);
            case B -> out.writeString(Base64.getEncoder().encodeToString((byte[]) raw));
            case BOOL, NULL -> out.writeBoolean((Boolean) raw);
            case SS, NS -> {
                out.writeStartArray();
                for (String s : (List<String>) raw) {
                    out.writeString(s);
                }
                out.writeEndArray();
            }
            case BS -> {
                out.writeStartArray();
                for (byte[] b : (List<byte[]>) raw) {
                    out.writeString(Base64.getEncoder().encodeToString(b));
                }
                out.writeEndArray();
            }
            case M -> attributes(out, (Map<String, AttributeValue>) raw);
            case L -> {
                out.writeStartArray();
                for (AttributeValue element : (List<AttributeValue>) raw) {
                    value(out, element);
                }
                out.writeEndArray();
            }
            default -> throw new IllegalStateException(value.type().name());
        }
        out.writeEndObject();
    }

    // ---- answers ----

    /** The fields of an answer this client reads; the rest are skipped. */
    static final class Answer {
        Map<String, AttributeValue> item;
        Map<String, AttributeValue> attributes;
        Map<String, AttributeValue> lastEvaluatedKey;
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        /** A BatchGetItem's keys DynamoDB left unprocessed (of its one table). */
        List<Map<String, AttributeValue>> unprocessedKeys = new ArrayList<>();
        Integer count;
        List<CancellationReason> cancellationReasons = new ArrayList<>();
    }

    static Answer read(byte[] body) {
        Answer answer = new Answer();
        if (body.length == 0) {
            return answer;
        }
        try (JsonParser in = JSON.createParser(body)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                return answer;
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                in.nextToken();
                switch (field) {
                    case "Item" -> answer.item = attributes(in);
                    case "Attributes" -> answer.attributes = attributes(in);
                    case "LastEvaluatedKey" -> answer.lastEvaluatedKey = attributes(in);
                    case "Count" -> answer.count = in.getIntValue();
                    case "Items" -> {
                        while (in.nextToken() == JsonToken.START_OBJECT) {
                            answer.items.add(attributes(in));
                        }
                    }
                    case "Responses" -> {
                        // {"<table>": [items]}: one table per request
                        while (in.nextToken() == JsonToken.FIELD_NAME) {
                            in.nextToken();
                            while (in.nextToken() == JsonToken.START_OBJECT) {
                                answer.items.add(attributes(in));
                            }
                        }
                    }
                    case "UnprocessedKeys" -> {
                        // {"<table>": {"Keys": [keys], ...}}
                        while (in.nextToken() == JsonToken.FIELD_NAME) {
                            in.nextToken();
                            while (in.nextToken() == JsonToken.FIELD_NAME) {
                                String name = in.currentName();
                                in.nextToken();
                                if (name.equals("Keys")) {
                                    while (in.nextToken() == JsonToken.START_OBJECT) {
                                        answer.unprocessedKeys.add(attributes(in));
                                    }
                                } else {
                                    in.skipChildren();
                                }
                            }
                        }
                    }
                    case "CancellationReasons" -> {
                        while (in.nextToken() == JsonToken.START_OBJECT) {
                            answer.cancellationReasons.add(reason(in));
                        }
                    }
                    default -> in.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new io.callhook.aws.AwsException("DynamoDB's answer is not the JSON expected: " + e.getMessage(), e,
                    false);
        }
        return answer;
    }

    private static CancellationReason reason(JsonParser in) throws IOException {
        String code = null;
        String message = null;
        Map<String, AttributeValue> item = null;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            in.nextToken();
            switch (field) {
                case "Code" -> code = in.getValueAsString();
                case "Message" -> message = in.getValueAsString();
                case "Item" -> item = attributes(in);
                default -> in.skipChildren();
            }
        }
        return new CancellationReason(code, message, item);
    }

    /** Reads the object the parser is on (an item, key or map value). */
    private static Map<String, AttributeValue> attributes(JsonParser in) throws IOException {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        if (in.currentToken() != JsonToken.START_OBJECT) {
            in.skipChildren();
            return item;
        }
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            in.nextToken();
            item.put(name, value(in));
        }
        return item;
    }

    private static AttributeValue value(JsonParser in) throws IOException {
        AttributeValue value = null;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String type = in.currentName();
            in.nextToken();
            value = switch (type) {
                case "S" -> AttributeValue.fromS(in.getText());
                case "N" -> AttributeValue.fromN(in.getText());
                case "B" -> AttributeValue.fromB(Base64.getDecoder().decode(in.getText()));
                case "BOOL" -> AttributeValue.fromBool(in.getBooleanValue());
                case "NULL" -> AttributeValue.fromNul(in.getBooleanValue());
                case "SS" -> AttributeValue.fromSs(strings(in));
                case "NS" -> AttributeValue.fromNs(strings(in));
                case "BS" -> AttributeValue.fromBs(strings(in).stream().map(Base64.getDecoder()::decode).toList());
                case "M" -> AttributeValue.fromM(attributes(in));
                case "L" -> {
                    List<AttributeValue> list = new ArrayList<>();
                    while (in.nextToken() == JsonToken.START_OBJECT) {
                        list.add(value(in));
                    }
                    yield AttributeValue.fromL(list);
                }
                default -> {
                    in.skipChildren();
                    yield value;
                }
            };
        }
        if (value == null) {
            throw new IOException("an attribute value without a known type");
        }
        return value;
    }

    private static List<String> strings(JsonParser in) throws IOException {
        List<String> strings = new ArrayList<>();
        while (in.nextToken() == JsonToken.VALUE_STRING) {
            strings.add(in.getText());
        }
        return strings;
    }
}
