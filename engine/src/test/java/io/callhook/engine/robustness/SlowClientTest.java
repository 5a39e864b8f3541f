package io.callhook.engine.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.Engine;
import io.callhook.engine.conformance.Clients;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Clients that stop sending in the middle of a request, or hang up, must not take the engine down for everyone
 * else: with the engine's former fixed pool of 32 request threads, 32 stalled clients hung every other client.
 */
class SlowClientTest {

    private Engine engine;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        engine = Engine.builder().ttlSweepInterval(Duration.ZERO).start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        engine.close();
    }

    @Test
    void stalledClientsDoNotStopOthers() throws IOException {
        for (int i = 0; i < 64; i++) {
            stall("POST / HTTP/1.1\r\nHost: engine\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                    + "Content-Length: 100\r\n\r\n{\"Lim");
        }
        for (int i = 0; i < 16; i++) {
            stall("POST / HTTP/1.1\r\nHost: engine\r\nX-Amz-Tar");
        }
        try (DynamoDbClient dynamo = Clients.dynamo(engine.endpoint())) {
            dynamo.createTable(b -> b.tableName("patient").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build()));
            for (int i = 0; i < 40; i++) {
                String pk = "item-" + i;
                dynamo.putItem(b -> b.tableName("patient").item(Map.of("pk", AttributeValue.builder().s(pk).build())));
            }
            assertEquals(40, dynamo.scan(b -> b.tableName("patient")).count());
        }
    }

    @Test
    void clientsThatHangUpMidRequestLeaveNoTrace() throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket socket = stall("POST / HTTP/1.1\r\nHost: engine\r\nX-Amz-Target: DynamoDB_20120810.CreateTable\r\n"
                    + "Content-Length: 500\r\n\r\n{\"TableName\": \"half-" + i + "\"");
            socket.close();
        }
        try (DynamoDbClient dynamo = Clients.dynamo(engine.endpoint())) {
            assertTrue(dynamo.listTables().tableNames().isEmpty(), "a half-sent CreateTable created a table");
        }
    }

    private Socket stall(String partialRequest) throws IOException {
        Socket socket = new Socket("127.0.0.1", engine.port());
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(partialRequest.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }
}
