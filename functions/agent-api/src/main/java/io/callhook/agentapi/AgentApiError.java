package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal in the protocol's own error document: OpenReception's {@code {"status", "description"}} or GWS's
 * {@code {"statusCode", "statusMessage"}}. Descriptions never carry exception text or tokens.
 */
final class AgentApiError extends RuntimeException {

    private final int httpStatus;
    private final transient Map<String, Object> body;

    private AgentApiError(int httpStatus, Map<String, Object> body) {
        super(String.valueOf(body), null, false, false);
        this.httpStatus = httpStatus;
        this.body = body;
    }

    static AgentApiError openReception(int httpStatus, String status, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("description", description);
        return new AgentApiError(httpStatus, body);
    }

    static AgentApiError genesys(int httpStatus, int statusCode, String statusMessage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", statusCode);
        body.put("statusMessage", statusMessage);
        return new AgentApiError(httpStatus, body);
    }

    /** OpenReception's 403 for a call another agent has. */
    static AgentApiError forbidden(String callId, String owner) {
        return openReception(403, "forbidden", "Call|" + callId + " belongs to " + owner);
    }

    static AgentApiError badRequest(String description) {
        return openReception(400, "bad request", description);
    }

    static AgentApiError bridgeFailed(String description) {
        return openReception(400, "bridge failed", description);
    }

    APIGatewayV2HTTPResponse response() {
        return JsonResponses.json(httpStatus, body);
    }

    int httpStatus() {
        return httpStatus;
    }
}
