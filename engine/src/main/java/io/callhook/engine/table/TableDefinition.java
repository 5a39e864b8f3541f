package io.callhook.engine.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callhook.engine.error.DynamoException;
import io.callhook.engine.request.Requests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What CreateTable (and later UpdateTable) said about a table: keys, attribute types, indexes, billing, stream and
 * TTL settings. Validated as DynamoDB validates a CreateTable request.
 */
public final class TableDefinition {

    public static final String ACCOUNT = "000000000000";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final int MAX_GSIS = 20;
    private static final int MAX_LSIS = 5;

    private final String name;
    private final KeySchema key;
    private final Map<String, String> attributeTypes;
    private final Map<String, IndexDefinition> indexes;
    private final long createdAtMillis;
    private String billingMode;
    private long readCapacity;
    private long writeCapacity;
    private String streamViewType;
    private String streamLabel;
    private String ttlAttribute;
    private final String region;

    private TableDefinition(String name, KeySchema key, Map<String, String> attributeTypes,
                            Map<String, IndexDefinition> indexes, long createdAtMillis, String region) {
        this.name = name;
        this.key = key;
        this.attributeTypes = attributeTypes;
        this.indexes = indexes;
        this.createdAtMillis = createdAtMillis;
        this.region = region;
    }

    public static void checkName(String name, String member) {
        if (name.length() < 3 || name.length() > 255) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length " + (name.length() < 3
                    ? "greater than or equal to 3" : "less than or equal to 255"));
        }
        if (!NAME.matcher(name).matches()) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "[a-zA-Z0-9_.-]+");
        }
    }

    /** Parses and validates a CreateTable request. */
    public static TableDefinition fromCreateRequest(JsonNode request, long nowMillis, String region) {
        String name = Requests.requiredString(request, "TableName");
        checkName(name, "tableName");
        Map<String, String> types = attributeDefinitions(Requests.requiredObjects(request, "AttributeDefinitions"));
        KeySchema key = keySchema(Requests.requiredObjects(request, "KeySchema"), types, "keySchema");
        Map<String, IndexDefinition> indexes = new LinkedHashMap<>();
        Set<String> used = new LinkedHashSet<>();
        used.add(key.partitionName());
        if (key.hasSort()) {
            used.add(key.sortName());
        }
        List<JsonNode> lsis = Requests.optionalObjects(request, "LocalSecondaryIndexes");
        if (lsis != null) {
            if (lsis.isEmpty() || lsis.size() > MAX_LSIS) {
                throw DynamoException.validation("One or more parameter values were invalid: List of "
                        + "LocalSecondaryIndexes must have between 1 and " + MAX_LSIS + " elements");
            }
            if (!key.hasSort()) {
                throw DynamoException.validation("One or more parameter values were invalid: Table KeySchema does "
                        + "not have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            for (JsonNode lsi : lsis) {
                IndexDefinition index = index(lsi, false, types);
                if (!index.key().partitionName().equals(key.partitionName()) || !index.key().hasSort()) {
                    throw DynamoException.validation("One or more parameter values were invalid: Index KeySchema "
                            + "does not have the same leading hash key as table KeySchema for index: " + index.name()
                            + ". index hash key: " + index.key().partitionName() + ", table hash key: "
                            + key.partitionName());
                }
                addIndex(indexes, index, used);
            }
        }
        List<JsonNode> gsis = Requests.optionalObjects(request, "GlobalSecondaryIndexes");
        if (gsis != null) {
            if (gsis.isEmpty() || gsis.size() > MAX_GSIS) {
                throw DynamoException.validation("One or more parameter values were invalid: List of "
                        + "GlobalSecondaryIndexes must have between 1 and " + MAX_GSIS + " elements");
            }
            for (JsonNode gsi : gsis) {
                addIndex(indexes, index(gsi, true, types), used);
            }
        }
        if (!used.equals(types.keySet())) {
            throw DynamoException.validation("One or more parameter values were invalid: Number of attributes in "
                    + "KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
        TableDefinition table = new TableDefinition(name, key, types, indexes, nowMillis, region);
        table.setBilling(request, true);
        JsonNode stream = Requests.optionalObject(request, "StreamSpecification");
        if (stream != null && Boolean.FALSE.equals(Requests.optionalBoolean(stream, "StreamEnabled"))
                && !stream.hasNonNull("StreamViewType")) {
            stream = null; // a new table without a stream may say so
        }
        table.setStream(stream, nowMillis);
        return table;
    }

    private static void addIndex(Map<String, IndexDefinition> indexes, IndexDefinition index, Set<String> used) {
        if (indexes.containsKey(index.name())) {
            throw DynamoException.validation("One or more parameter values were invalid: Duplicate index name: "
                    + index.name());
        }
        indexes.put(index.name(), index);
        used.add(index.key().partitionName());
        if (index.key().hasSort()) {
            used.add(index.key().sortName());
        }
    }

    private static Map<String, String> attributeDefinitions(List<JsonNode> definitions) {
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode definition : definitions) {
            String attribute = Requests.requiredString(definition, "AttributeName");
            String type = Requests.enumValue(definition, "AttributeType", null, List.of("S", "N", "B"));
            if (type == null) {
                throw DynamoException.validation("1 validation error detected: Value null at "
                        + "'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must not "
                        + "be null");
            }
            if (types.put(attribute, type) != null) {
                throw DynamoException.validation("Cannot have two attributes with the same name in "
                        + "AttributeDefinitions: " + attribute);
            }
        }
        return types;
    }

    static KeySchema keySchema(List<JsonNode> elements, Map<String, String> types, String member) {
        if (elements.isEmpty() || elements.size() > 2) {
            throw DynamoException.validation("1 validation error detected: Value '" + elements + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to 2");
        }
        String hash = null;
        String range = null;
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            String attribute = Requests.requiredString(element, "AttributeName");
            String keyType = Requests.enumValue(element, "KeyType", null, List.of("HASH", "RANGE"));
            if ("HASH".equals(keyType) && i == 0) {
                hash = attribute;
            } else if ("RANGE".equals(keyType) && i == 1) {
                range = attribute;
            } else {
                throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key "
                        + "type or the second KeySchemaElement is not a RANGE key type");
            }
        }
        if (hash.equals(range)) {
            throw DynamoException.validation("Both the Hash Key and the Range Key element in the KeySchema have the "
                    + "same name");
        }
        List<String> missing = new ArrayList<>();
        if (!types.containsKey(hash)) {
            missing.add(hash);
        }
        if (range != null && !types.containsKey(range)) {
            missing.add(range);
        }
        if (!missing.isEmpty()) {
            throw DynamoException.validation("One or more parameter values were invalid: Some index key attributes "
                    + "are not defined in AttributeDefinitions. Keys: " + missing + ", AttributeDefinitions: "
                    + types.keySet());
        }
        return new KeySchema(hash, types.get(hash), range, range == null ? null : types.get(range));
    }

    static IndexDefinition index(JsonNode node, boolean global, Map<String, String> types) {
        String indexName = Requests.requiredString(node, "IndexName");
        checkName(indexName, "indexName");
        KeySchema indexKey = keySchema(Requests.requiredObjects(node, "KeySchema"), types, "keySchema");
        JsonNode projection = Requests.requiredObject(node, "Projection");
        String projectionType = Requests.enumValue(projection, "ProjectionType", "ALL",
                List.of("ALL", "KEYS_ONLY", "INCLUDE"));
        List<String> nonKey = Requests.optionalStrings(projection, "NonKeyAttributes");
        if (projectionType.equals("INCLUDE") && (nonKey == null || nonKey.isEmpty())) {
            throw DynamoException.validation("One or more parameter values were invalid: ProjectionType is INCLUDE, "
                    + "but NonKeyAttributes is not specified");
        }
        if (!projectionType.equals("INCLUDE") && nonKey != null) {
            throw DynamoException.validation("One or more parameter values were invalid: ProjectionType is "
                    + projectionType + ", but NonKeyAttributes is specified");
        }
        return new IndexDefinition(indexName, global, indexKey, projectionType, nonKey == null ? List.of() : nonKey);
    }

    /** Reads BillingMode and ProvisionedThroughput from a CreateTable or UpdateTable request. */
    public void setBilling(JsonNode request, boolean creating) {
        long[] capacity = billing(request, creating);
        billingMode = Requests.enumValue(request, "BillingMode", creating ? "PROVISIONED" : billingMode,
                List.of("PROVISIONED", "PAY_PER_REQUEST"));
        readCapacity = capacity[0];
        writeCapacity = capacity[1];
    }

    /** Throws what {@link #setBilling} would throw for this request, changing nothing. */
    public void checkBilling(JsonNode request) {
        billing(request, false);
    }

    /** Validates a billing change; returns the read and write capacity it leaves. */
    private long[] billing(JsonNode request, boolean creating) {
        String mode = Requests.enumValue(request, "BillingMode", creating ? "PROVISIONED" : billingMode,
                List.of("PROVISIONED", "PAY_PER_REQUEST"));
        JsonNode throughput = Requests.optionalObject(request, "ProvisionedThroughput");
        if (mode.equals("PAY_PER_REQUEST") && throughput != null) {
            throw DynamoException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits "
                    + "nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        if (mode.equals("PROVISIONED") && throughput == null && creating) {
            throw DynamoException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                    + "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (throughput != null) {
            Integer read = Requests.optionalInt(throughput, "ReadCapacityUnits", 1, Integer.MAX_VALUE);
            Integer write = Requests.optionalInt(throughput, "WriteCapacityUnits", 1, Integer.MAX_VALUE);
            if (read == null || write == null) {
                throw DynamoException.validation("One or more parameter values were invalid: ReadCapacityUnits and "
                        + "WriteCapacityUnits must both be specified");
            }
            return new long[] {read, write};
        }
        return mode.equals("PAY_PER_REQUEST") ? new long[] {0, 0} : new long[] {readCapacity, writeCapacity};
    }

    /** Applies a StreamSpecification; returns true when a new stream (a new label) starts. */
    public boolean setStream(JsonNode specification, long nowMillis) {
        if (specification == null) {
            return false;
        }
        checkStream(specification);
        if (Requests.optionalBoolean(specification, "StreamEnabled")) {
            streamViewType = specification.get("StreamViewType").textValue();
            streamLabel = java.time.Instant.ofEpochMilli(nowMillis).toString().replace("Z", "");
            return true;
        }
        streamViewType = null;
        return false;
    }

    /** Throws what {@link #setStream} would throw for this specification, changing nothing. */
    public void checkStream(JsonNode specification) {
        Boolean enabled = Requests.optionalBoolean(specification, "StreamEnabled");
        if (enabled == null) {
            throw DynamoException.validation("1 validation error detected: Value null at "
                    + "'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null");
        }
        String viewType = Requests.enumValue(specification, "StreamViewType", null,
                List.of("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"));
        if (enabled) {
            if (viewType == null) {
                throw DynamoException.validation("One or more parameter values were invalid: StreamViewType is "
                        + "required when StreamEnabled is true");
            }
            if (streamViewType != null) {
                throw DynamoException.validation("Table already has an enabled stream: " + streamArn());
            }
            return;
        }
        if (viewType != null) {
            throw DynamoException.validation("One or more parameter values were invalid: StreamViewType can only be "
                    + "specified when StreamEnabled is true");
        }
        if (streamViewType == null) {
            throw DynamoException.validation("Table already has no stream enabled");
        }
    }

    public void addGlobalIndex(JsonNode create) {
        JsonNode definitions = create.get("__AttributeDefinitions");
        Map<String, String> types = new LinkedHashMap<>(attributeTypes);
        if (definitions != null) {
            List<JsonNode> list = new ArrayList<>();
            definitions.forEach(list::add);
            attributeDefinitions(list).forEach((attribute, type) -> {
                String known = types.putIfAbsent(attribute, type);
                if (known != null && !known.equals(type)) {
                    throw DynamoException.validation("One or more parameter values were invalid: Attribute " + attribute
                            + " is already defined with type " + known);
                }
            });
        }
        IndexDefinition index = index(create, true, types);
        if (indexes.containsKey(index.name())) {
            throw DynamoException.validation("Attempting to create an index which already exists");
        }
        if (indexes.values().stream().filter(IndexDefinition::global).count() >= MAX_GSIS) {
            throw DynamoException.validation("Subscriber limit exceeded: only " + MAX_GSIS + " GSIs are allowed");
        }
        indexes.put(index.name(), index);
        attributeTypes.put(index.key().partitionName(), index.key().partitionType());
        if (index.key().hasSort()) {
            attributeTypes.put(index.key().sortName(), index.key().sortType());
        }
    }

    public void removeGlobalIndex(String indexName) {
        IndexDefinition index = indexes.get(indexName);
        if (index == null || !index.global()) {
            throw DynamoException.resourceNotFound("Requested resource not found: Index: " + indexName
                    + " not found for table: " + name);
        }
        indexes.remove(indexName);
    }

    public String name() {
        return name;
    }

    public KeySchema key() {
        return key;
    }

    public Map<String, IndexDefinition> indexes() {
        return indexes;
    }

    public String streamViewType() {
        return streamViewType;
    }

    public String ttlAttribute() {
        return ttlAttribute;
    }

    public void ttlAttribute(String attribute) {
        ttlAttribute = attribute;
    }

    public String arn() {
        return "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + name;
    }

    /** The ARN of the table's current stream, or null when it never had one. */
    public String streamArn() {
        return streamLabel == null ? null : arn() + "/stream/" + streamLabel;
    }

    public String streamLabel() {
        return streamLabel;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** The TableDescription structure of DescribeTable and friends. */
    public ObjectNode describe(String status, long itemCount, long sizeBytes, Map<String, long[]> indexStats) {
        ObjectNode table = Requests.object();
        ArrayNode definitions = table.putArray("AttributeDefinitions");
        attributeTypes.forEach((attribute, type) -> definitions.addObject().put("AttributeName", attribute)
                .put("AttributeType", type));
        table.put("TableName", name);
        table.set("KeySchema", describeKey(key));
        table.put("TableStatus", status);
        table.put("CreationDateTime", createdAtMillis / 1000.0);
        table.set("ProvisionedThroughput", throughput());
        table.put("TableSizeBytes", sizeBytes);
        table.put("ItemCount", itemCount);
        table.put("TableArn", arn());
        table.put("TableId", java.util.UUID.nameUUIDFromBytes((name + createdAtMillis).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString());
        table.putObject("BillingModeSummary").put("BillingMode", billingMode)
                .put("LastUpdateToPayPerRequestDateTime", createdAtMillis / 1000.0);
        ArrayNode globals = null;
        ArrayNode locals = null;
        for (IndexDefinition index : indexes.values()) {
            ObjectNode description;
            if (index.global()) {
                globals = globals == null ? table.putArray("GlobalSecondaryIndexes") : globals;
                description = globals.addObject();
            } else {
                locals = locals == null ? table.putArray("LocalSecondaryIndexes") : locals;
                description = locals.addObject();
            }
            description.put("IndexName", index.name());
            description.set("KeySchema", describeKey(index.key()));
            ObjectNode projection = description.putObject("Projection").put("ProjectionType", index.projectionType());
            if (!index.nonKeyAttributes().isEmpty()) {
                ArrayNode nonKey = projection.putArray("NonKeyAttributes");
                index.nonKeyAttributes().forEach(nonKey::add);
            }
            long[] stats = indexStats.getOrDefault(index.name(), new long[2]);
            if (index.global()) {
                description.put("IndexStatus", "ACTIVE");
                description.set("ProvisionedThroughput", throughput());
            }
            description.put("IndexSizeBytes", stats[1]);
            description.put("ItemCount", stats[0]);
            description.put("IndexArn", arn() + "/index/" + index.name());
        }
        if (streamViewType != null) {
            table.putObject("StreamSpecification").put("StreamEnabled", true).put("StreamViewType", streamViewType);
        }
        if (streamLabel != null) {
            table.put("LatestStreamLabel", streamLabel);
            table.put("LatestStreamArn", streamArn());
        }
        return table;
    }

    private ObjectNode throughput() {
        return Requests.object().put("NumberOfDecreasesToday", 0).put("ReadCapacityUnits", readCapacity)
                .put("WriteCapacityUnits", writeCapacity);
    }

    public static ArrayNode describeKey(KeySchema key) {
        ArrayNode array = Requests.object().arrayNode();
        array.addObject().put("AttributeName", key.partitionName()).put("KeyType", "HASH");
        if (key.hasSort()) {
            array.addObject().put("AttributeName", key.sortName()).put("KeyType", "RANGE");
        }
        return array;
    }

    public String attributeType(String attribute) {
        return attributeTypes.get(attribute);
    }
}
