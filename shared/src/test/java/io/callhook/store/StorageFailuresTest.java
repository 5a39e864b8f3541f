// Failures the project's engine answers through the real SDK client, each classified as retryable (503) or not (500).
package io.callhook.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.aws.AwsException;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.dynamodb.Put;
import io.callhook.dynamodb.TransactWriteItem;
import io.callhook.engine.Faults;
import io.callhook.testing.LocalDynamo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StorageFailuresTest {

    static DynamoDbJsonClient dynamo;
    static Faults faults;
    static String table;

    @BeforeAll
    static void start() {
        LocalDynamo local = LocalDynamo.shared();
        table = local.createTables().get("CallsTable");
        dynamo = local.client();
        faults = local.engine().faults();
    }

    @AfterEach
    void clear() {
        faults.clear();
    }

    private static AwsException failureOf(Runnable call) {
        return assertThrows(AwsException.class, call::run);
    }

    private static void update(String table) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("callId", AttributeValue.fromS("f-1")))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "source"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("x"))));
    }

    @ParameterizedTest
    @EnumSource(value = Faults.Kind.class, names = {"THROTTLING", "PROVISIONED_THROUGHPUT_EXCEEDED",
        "INTERNAL_SERVER_ERROR", "TRANSACTION_CONFLICT"})
    void everyFaultARetryCanCureIsRetryable(Faults.Kind kind) {
        faults.add(Faults.Rule.on("UpdateItem").table(table).answer(kind));
        assertTrue(StorageFailures.retryable(failureOf(() -> update(table))), kind.toString());
    }

    @Test
    void aConflictedTransactionIsRetryable() {
        faults.add(Faults.Rule.on("TransactWriteItems").table(table).answer(Faults.Kind.TRANSACTION_CONFLICT));
        AwsException failure = failureOf(() -> dynamo.transactWriteItems(b -> b.transactItems(List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(Map.of("callId", AttributeValue.fromS("tx-1"))).build()).build()))));
        assertTrue(StorageFailures.retryable(failure), failure.toString());
    }

    @Test
    void anUnreachableEngineIsRetryable() {
        try (DynamoDbJsonClient down = AwsClients.dynamoDb(Environment.of(Map.of(
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9", "AWS_REGION", "us-east-1")))) {
            AwsException failure = failureOf(() -> down.getItem(b -> b.tableName(table)
                    .key(Map.of("callId", AttributeValue.fromS("x")))));
            assertTrue(StorageFailures.retryable(failure), failure.toString());
        }
    }

    @Test
    void aMissingTableIsNotRetryable() {
        AwsException failure = failureOf(() -> update("no-such-table"));
        assertFalse(StorageFailures.retryable(failure), failure.toString());
    }

    @Test
    void aRequestTheEngineRefusesIsNotRetryable() {
        AwsException failure = failureOf(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of("callId", AttributeValue.fromS("v-1"))).updateExpression("SET")));
        assertEquals("ValidationException", ((io.callhook.aws.AwsServiceException) failure)
                .errorCode());
        assertFalse(StorageFailures.retryable(failure), failure.toString());
    }
}
