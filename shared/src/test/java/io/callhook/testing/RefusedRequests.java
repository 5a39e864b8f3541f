package io.callhook.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.dynamodb.DynamoDbJsonClient;
import io.callhook.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A webhook handler over tables of its own that start empty, to show that a refused request is answered with a
 * JSON error naming the problem and writes nothing: no request reaches DynamoDB, no item appears.
 */
public final class RefusedRequests {

    private final RequestCounter requests = new RequestCounter();
    private final DynamoDbJsonClient dynamo;
    private final String emptyTable;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

    /** @param handlerOn builds the handler on the given tables, its SDK client counting into the counter given */
    public RefusedRequests(BiFunction<Map<String, String>, RequestCounter,
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlerOn) {
        LocalDynamo local = LocalDynamo.shared();
        Map<String, String> tables = local.createTables();
        this.emptyTable = tables.get("CallsTable");
        this.dynamo = local.client();
        this.handler = handlerOn.apply(tables, requests);
    }

    /** Sends {@code event}; asserts the status, a JSON error mentioning {@code mentions}, and nothing written. */
    public APIGatewayV2HTTPResponse assertRefused(APIGatewayV2HTTPEvent event, int status, String mentions) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("content-type"));
        Map<String, Object> error = Json.parseObject(response.getBody());
        assertEquals(Set.of("error"), error.keySet());
        assertTrue(String.valueOf(error.get("error")).contains(mentions), String.valueOf(error.get("error")));
        assertFalse(response.getBody().contains("Exception"));
        assertEquals(List.of(), requests.requests(), "a refused request reaches DynamoDB");
        assertEquals(0, dynamo.scan(b -> b.tableName(emptyTable).select("COUNT")).count(),
                "a refused request wrote an item");
        return response;
    }
}
