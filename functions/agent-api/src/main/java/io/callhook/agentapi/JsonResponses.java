package io.callhook.agentapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.callhook.http.Responses;
import io.callhook.json.Json;

/** JSON responses that keep {@code null} values: the call protocols show absent fields as {@code null}. */
final class JsonResponses {

    private JsonResponses() {
    }

    static APIGatewayV2HTTPResponse json(int status, Object body) {
        return Responses.json(status, body);
    }

    static String write(Object body) {
        return Json.write(body);
    }
}
