package io.callhook.template;

import static io.callhook.template.SamTemplate.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * Creates the template's {@code AWS::DynamoDB::Table}s in the DynamoDB engine: keys, attribute definitions, global
 * secondary indexes and streams as declared, so local tables behave like the deployed ones.
 */
public final class LocalTables {

    private LocalTables() {
    }

    /**
     * Creates every table, named by {@code naming} from its logical id, unless it exists already.
     *
     * @return the local table name of each logical id
     */
    public static Map<String, String> create(DynamoDbClient dynamo, SamTemplate template,
                                             UnaryOperator<String> naming) {
        Map<String, String> names = new LinkedHashMap<>();
        template.tables().forEach((logicalId, properties) -> {
            String name = naming.apply(logicalId);
            try {
                dynamo.createTable(request(name, properties));
            } catch (ResourceInUseException alreadyThere) {
                // a persisted local database keeps its tables between runs
            }
            names.put(logicalId, name);
        });
        return names;
    }

    static CreateTableRequest request(String name, Map<String, Object> properties) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keySchema(properties.get("KeySchema")))
                .attributeDefinitions(list(properties.get("AttributeDefinitions")).stream()
                        .map(d -> AttributeDefinition.builder()
                                .attributeName(String.valueOf(map(d).get("AttributeName")))
                                .attributeType(String.valueOf(map(d).get("AttributeType")))
                                .build())
                        .toList());
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Object index : list(properties.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> definition = map(index);
            Map<String, Object> projection = map(definition.get("Projection"));
            Projection.Builder projected = Projection.builder()
                    .projectionType(String.valueOf(projection.getOrDefault("ProjectionType", "ALL")));
            if (projection.get("NonKeyAttributes") != null) {
                projected.nonKeyAttributes(list(projection.get("NonKeyAttributes")).stream()
                        .map(String::valueOf).toList());
            }
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(String.valueOf(definition.get("IndexName")))
                    .keySchema(keySchema(definition.get("KeySchema")))
                    .projection(projected.build())
                    .build());
        }
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        Map<String, Object> stream = map(properties.get("StreamSpecification"));
        if (stream.get("StreamViewType") != null) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(String.valueOf(stream.get("StreamViewType")))
                    .build());
        }
        return request.build();
    }

    private static List<KeySchemaElement> keySchema(Object schema) {
        return list(schema).stream()
                .map(e -> KeySchemaElement.builder()
                        .attributeName(String.valueOf(map(e).get("AttributeName")))
                        .keyType(String.valueOf(map(e).get("KeyType")))
                        .build())
                .toList();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
