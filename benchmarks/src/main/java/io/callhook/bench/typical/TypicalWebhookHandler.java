package io.callhook.bench.typical;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The cold-start baseline: a webhook handler as a typical SDK v2 tutorial writes it (Jackson databind for the
 * body, the enhanced client with a bean schema, the Apache HTTP client, the default credentials and region chains),
 * doing the same work as the CTI function's first request: one write of the call. Benchmarks only.
 */
public final class TypicalWebhookHandler
        implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbTable<CallBean> calls;

    public TypicalWebhookHandler() {
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(ApacheHttpClient.create()).build();
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
        calls = enhanced.table(System.getenv("CALLS_TABLE"), TableSchema.fromBean(CallBean.class));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            JsonNode body = JSON.readTree(event.getBody());
            CallBean call = new CallBean();
            call.setCallId(body.path("callId").asText());
            call.setDirection(body.path("direction").asText(null));
            call.setFrom(body.path("from").asText(null));
            call.setTo(body.path("to").asText(null));
            call.setEvent(body.path("event").asText(null));
            call.setSource("bench");
            calls.updateItem(r -> r.item(call).ignoreNulls(true));
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody("{}").build();
        } catch (java.io.IOException e) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(400).withBody("{}").build();
        }
    }
}
