package io.callhook.agentapi;

import io.callhook.call.Direction;
import io.callhook.config.AwsClients;
import io.callhook.config.Environment;
import io.callhook.config.PrimingHttpClient;
import io.callhook.config.PrimingRequests;
import io.callhook.events.EventBridgePublisher;
import io.callhook.store.AgentCallItems;
import io.callhook.store.CallItems;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Before SnapStart takes its snapshot, reads a sample call item through the state model and renders it in both
 * protocols, so those classes are loaded and initialised in the snapshot. No I/O.
 */
final class Priming {

    private Priming() {
    }

    /** Renders a sample call item in both protocols; no I/O. Returns the two documents, OpenReception's first. */
    static List<String> prime() {
        Map<String, AttributeValue> item = Map.of(
                CallItems.KEY, AttributeValue.fromS("priming:snapstart-priming"),
                CallItems.SOURCE, AttributeValue.fromS("priming"),
                CallItems.CALL_ID, AttributeValue.fromS("snapstart-priming"),
                CallItems.DIRECTION, AttributeValue.fromS(Direction.IN.wire()),
                CallItems.RINGING_AT, CallItems.time(Instant.EPOCH),
                "assignedTo", AttributeValue.fromS("priming"),
                "userData", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));
        CallViews view = CallViews.of(AgentCallItems.toAgentCall(item));
        return List.of(JsonResponses.write(view.openReception("priming")),
                JsonResponses.write(view.genesys("", Instant.EPOCH)));
    }

    /**
     * The request path once, after the rendering above: a Genesys hold through a handler whose SDK clients answer
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
}
