package io.callhook.agentapi;

import io.callhook.auth.TokenHashes;
import io.callhook.call.Direction;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.PrimingHttpClient;
import io.callhook.http.PrimingRequests;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.events.EventBridgePublisher;
import io.callhook.store.AgentCallItemLayout;
import io.callhook.store.CallItemLayout;
import io.callhook.store.DynamoRoutingStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming of the module's two functions: for the agent API, a sample call item read through the state
 * model and rendered in both protocols, then an agent request; for the admin API, a read and a write of an
 * integration's routing rules. Each request goes through a handler whose AWS clients answer themselves
 * ({@link PrimingHttpClient}), so marshalling and signing run and no table is touched.
 */
final class AgentApiPriming {

    private AgentApiPriming() {
    }

    /** Renders a sample call item in both protocols; no I/O. Returns the two documents, OpenReception's first. */
    static List<String> prime() {
        Map<String, AttributeValue> item = Map.of(
                CallItemLayout.KEY, AttributeValue.fromS("priming:snapstart-priming"),
                CallItemLayout.SOURCE, AttributeValue.fromS("priming"),
                CallItemLayout.CALL_ID, AttributeValue.fromS("snapstart-priming"),
                CallItemLayout.DIRECTION, AttributeValue.fromS(Direction.IN.wire()),
                CallItemLayout.RINGING_AT, CallItemLayout.time(Instant.EPOCH),
                "assignedTo", AttributeValue.fromS("priming"),
                "userData", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));
        CallViews view = CallViews.of(AgentCallItemLayout.toAgentCall(item));
        return List.of(JsonResponses.write(view.openReception("priming")),
                JsonResponses.write(view.genesys("", Instant.EPOCH)));
    }

    /**
     * The request path once, after the rendering above: a Genesys hold through a handler whose AWS clients answer
     * themselves ({@link PrimingHttpClient}): routing, the agent lookup's Query marshalled and signed, its empty
     * answer, the refusal in the protocol's document. No table is touched. Returns the operations sent.
     */
    static List<String> primeRequestPath(Environment env) {
        prime();
        PrimingHttpClient http = new PrimingHttpClient();
        AgentApiHandler handler = new AgentApiHandler(env, AwsClients.dynamoDb(env, http),
                new EventBridgePublisher(EventBridgePublisher.client(env, http), "default"));
        handler.handleRequest(PrimingRequests.http("POST", "POST /api/v2/me/calls/{id}",
                "/api/v2/me/calls/snapstart-priming", Map.of("authorization", "Bearer " + PrimingRequests.TOKEN,
                        "content-type", "application/json"), Map.of("id", "snapstart-priming"),
                "{\"operationName\":\"Hold\"}"), null);
        return http.operations();
    }

    /**
     * The admin API's request path once: {@code GET .../routing} and {@code PUT .../blocked-numbers/{number}}
     * through a handler of its own admin token whose AWS client answers itself: the admin token check, routing,
     * the rules' GetItem and the block's UpdateItem marshalled and signed, their answers, the JSON documents. No
     * table is touched. Returns the operations sent.
     */
    static List<String> primeAdminRequestPath(Environment env) {
        PrimingHttpClient http = new PrimingHttpClient();
        AdminApiHandler handler = new AdminApiHandler(AdminApiHandler.adminToken(
                TokenHashes.hashOf(PrimingRequests.TOKEN)),
                DynamoRoutingStore.fromEnvironment(AwsClients.dynamoDb(env, http), env));
        Map<String, String> headers = Map.of("authorization", "Bearer " + PrimingRequests.TOKEN,
                "content-type", "application/json");
        String path = "/api/v1/admin/integrations/snapstart-priming";
        handler.handleRequest(PrimingRequests.http("GET", "GET " + AdminApiHandler.PREFIX + "/routing",
                path + "/routing", headers, Map.of("integration", "snapstart-priming"), null), null);
        handler.handleRequest(PrimingRequests.http("PUT", "PUT " + AdminApiHandler.PREFIX
                        + "/blocked-numbers/{number}", path + "/blocked-numbers/4930", headers,
                Map.of("integration", "snapstart-priming", "number", "4930"), "{\"note\":\"snapstart priming\"}"),
                null);
        return http.operations();
    }
}
